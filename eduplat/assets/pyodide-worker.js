/* eduplat run-in-page: the page's one Python session (Pyodide), in this Web Worker, so a
 * long or endless cell never freezes the page (the page stops it by ending the worker).
 *
 * Messages in:  {type: "init", indexURL}, then {type: "run", id, code} (one at a time).
 * Messages out: {type: "ready"} | {type: "failed", message}
 *               {type: "stream", id, name: "stdout"|"stderr", text}
 *               {type: "done", id, result?, error?, ename?, evalue?}
 * Only text goes back: the page shows it with textContent, never as HTML.
 */
"use strict";

// Runs a cell like a notebook does: the last expression's value is shown (its repr),
// and a traceback lists only the reader's own lines.
const DRIVER = `
import linecache, sys, traceback
from pyodide.code import eval_code_async

_eduplat_ns = {"__name__": "__main__"}

async def _eduplat_run(code, name):
    linecache.cache[name] = (len(code), None, code.splitlines(True), name)
    try:
        value = await eval_code_async(code, _eduplat_ns, filename=name)
    except BaseException as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<cell")]
        text = "".join(traceback.format_list(frames)) + "".join(traceback.format_exception_only(exc))
        if frames:
            text = "Traceback (most recent call last):\\n" + text
        return {"error": text, "ename": type(exc).__name__, "evalue": str(exc)}
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    if value is None:
        return {}
    return {"result": repr(value)}
`;

let pyodide = null;
let runner = null;
let current = null;
let queue = Promise.resolve();

// Output goes to the page in chunks (not a message per line) and stops after LIMIT
// characters per cell, so a cell that prints without end cannot flood the page.
const LIMIT = 100000;
const CHUNK = 8192;
const buffers = { stdout: "", stderr: "" };
let sent = 0;
let lastPost = 0;

function flush() {
  for (const name of ["stdout", "stderr"]) {
    if (!buffers[name]) continue;
    self.postMessage({ type: "stream", id: current, name: name, text: buffers[name] });
    sent += buffers[name].length;
    buffers[name] = "";
  }
  lastPost = Date.now();
}

function stream(name) {
  const other = name === "stdout" ? "stderr" : "stdout";
  return {
    batched: (text) => {
      if (sent > LIMIT) return; // the page has shown all it will show of this cell
      if (buffers[other]) flush(); // keep stdout and stderr in order
      buffers[name] += text + "\n";
      if (buffers[name].length >= CHUNK || sent + buffers[name].length > LIMIT || Date.now() - lastPost > 100) {
        flush();
      }
    },
  };
}

async function init(indexURL) {
  try {
    const module = await import(indexURL + "pyodide.mjs");
    pyodide = await module.loadPyodide({ indexURL: indexURL });
    pyodide.setStdout(stream("stdout"));
    pyodide.setStderr(stream("stderr"));
    pyodide.runPython(DRIVER);
    runner = pyodide.globals.get("_eduplat_run");
    self.postMessage({ type: "ready" });
  } catch (error) {
    self.postMessage({ type: "failed", message: String((error && error.message) || error) });
  }
}

async function run(id, code, name) {
  current = id;
  sent = 0;
  lastPost = Date.now();
  let reply = { type: "done", id: id };
  try {
    const result = await runner(code, name);
    const values = result.toJs({ dict_converter: Object.fromEntries });
    result.destroy();
    reply = Object.assign(reply, values);
  } catch (error) {
    reply.error = String((error && error.message) || error);
    reply.ename = "Error";
    reply.evalue = reply.error;
  }
  flush();
  self.postMessage(reply);
}

self.onmessage = (event) => {
  const message = event.data;
  // One message at a time: a cell never starts before the previous one ended.
  queue = queue.then(() =>
    message.type === "init" ? init(message.indexURL) : run(message.id, message.code, message.name)
  );
};
