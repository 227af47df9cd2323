"""Training quizzes: model, loaders, GIFT and Moodle interop, rendering."""
