"""Learning paths: ordered courses through manual pages, tutorials, quizzes and webinars."""
