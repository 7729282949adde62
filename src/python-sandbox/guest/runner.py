"""The guest program of the Python sandbox: runs inside bwrap as an unprivileged uid.

Protocol (one JSON object per line; see ../python-process.ts):
  stdin  1st line  {"code", "entry", "cpuMs", "maxOutputBytes", "consoleMaxBytes", "consoleMaxLines"}
  stdout           {"ready": true, "console"} | {"fail": {"code", "message", "line"?}, "console"}
  stdin  per call  {"args": [wire values]}
  stdout per call  {"ok": true, "value": wire, "console", "millis"} | {"ok": false, "code", "message", "line"?, ...}

Values use the host's wire form (src/sandbox/wire.ts): NaN and infinities as {"$": "NaN"}...,
objects as {"$o": {...}}, anything without a JSON meaning as {"$x": "a description"}.
Protocol lines go to a private copy of fd 1; fd 1 itself points at /dev/null, so output the
candidate writes below Python's print (os.write, C code) is lost, not mixed into the answers.
"""

import faulthandler
import json
import math
import os
import signal
import sys
import time
import traceback

# The BLAS must be single-threaded (the environment also says so): with OpenBLAS under an
# address-space limit, its per-thread buffers fail to map and a call hangs without an error.
import numpy

_proto = os.fdopen(os.dup(1), "w", encoding="utf-8")
_devnull = os.open("/dev/null", os.O_WRONLY)
os.dup2(_devnull, 1)
_stdin = sys.stdin
sys.stdin = open(os.devnull, "r")
# A hard crash (a ctypes write to address 0, a C stack overflow) prints its kind on stderr,
# which the host reads to tell the candidate what happened.
faulthandler.enable(file=sys.__stderr__)
# Allocate OpenBLAS's buffers now, before the candidate's code takes the address space.
numpy.ones((4, 4)) @ numpy.ones((4, 4))

FILENAME = "solution.py"
_main_pid = os.getpid()


class CpuLimit(BaseException):
    """Raised by the CPU timer; a BaseException so `except Exception` in the candidate's code lets it through."""


class TooLarge(Exception):
    pass


class Console:
    """print() and sys.stderr of the candidate: one budget of characters and lines for the whole run."""

    def __init__(self, max_chars, max_lines):
        self.chars_left = max_chars
        self.lines_left = max_lines
        self.parts = []
        self.truncated = False

    def write(self, text):
        text = str(text)
        if self.truncated or not text:
            return len(text)
        newlines = text.count("\n")
        if len(text) > self.chars_left or newlines > self.lines_left:
            keep = text[: self.chars_left]
            lines = keep.split("\n")[: self.lines_left + 1]
            keep = "\n".join(lines)
            self.parts.append(keep)
            self.parts.append("\n… output cut: the console limit was reached\n")
            self.truncated = True
            return len(text)
        self.parts.append(text)
        self.chars_left -= len(text)
        self.lines_left -= newlines
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def take(self):
        text = "".join(self.parts)
        self.parts = []
        return text


def to_wire(value, budget, depth=0):
    """The wire form of a return value; `budget` is a one-element list of bytes left (a running lower bound)."""
    if depth > 64:
        raise ValueError("the return value is nested more than 64 levels deep")
    budget[0] -= 2
    if budget[0] < 0:
        raise TooLarge()
    if value is None or isinstance(value, (bool, numpy.bool_)):
        return None if value is None else bool(value)
    if isinstance(value, str):
        budget[0] -= len(value)
        if budget[0] < 0:
            raise TooLarge()
        return value
    if isinstance(value, (int, numpy.integer)):
        return int(value)
    if isinstance(value, (float, numpy.floating)):
        f = float(value)
        if math.isnan(f):
            return {"$": "NaN"}
        if math.isinf(f):
            return {"$": "Infinity" if f > 0 else "-Infinity"}
        return f
    if isinstance(value, numpy.ndarray):
        if value.dtype.kind not in "biuf":
            return {"$x": "a NumPy array of dtype " + str(value.dtype)}
        if value.size * 2 > budget[0]:
            raise TooLarge()
        return to_wire(value.tolist(), budget, depth)
    if isinstance(value, (list, tuple)):
        return [to_wire(v, budget, depth + 1) for v in value]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                return {"$x": "a dict with a key that is not a string"}
            budget[0] -= len(k)
            out[k] = to_wire(v, budget, depth + 1)
        return {"$o": out}
    return {"$x": "a " + type(value).__name__}


def from_wire(wire):
    if isinstance(wire, list):
        return [from_wire(v) for v in wire]
    if isinstance(wire, dict):
        if "$" in wire:
            return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}.get(wire["$"])
        if "$o" in wire:
            return {k: from_wire(v) for k, v in wire["$o"].items()}
        raise ValueError("malformed wire value")
    return wire


def candidate_line(tb):
    """The innermost line of the candidate's file in a traceback, and the trimmed trace (their frames only)."""
    frames = [f for f in traceback.extract_tb(tb) if f.filename == FILENAME]
    trace = "; ".join("line %d in %s" % (f.lineno, f.name) for f in frames[-5:])
    return (frames[-1].lineno if frames else None), trace


def describe(error):
    text = str(error)
    if len(text) > 500:
        text = text[:500] + "…"
    return type(error).__name__ + (": " + text if text else "")


def send(obj):
    if os.getpid() != _main_pid:
        os._exit(0)  # a process the candidate forked got back here: it must not answer
    _proto.write(json.dumps(obj, allow_nan=False) + "\n")
    _proto.flush()


def failure(code, message, line=None):
    out = {"code": code, "message": message}
    if line is not None:
        out["line"] = line
    return out


def on_cpu_limit(signum, frame):
    raise CpuLimit()


# Starting programs and calling C through ctypes are refused with a clear message before the
# sandbox itself would stop them (no programs but /usr's, no network, no host files; a crash
# for a bad pointer). Forking is left to the process limit. An audit hook cannot be removed.
_REFUSED = {
    "os.system": "starting programs (os.system)",
    "os.exec": "starting programs (os.exec*)",
    "os.posix_spawn": "starting programs (os.posix_spawn)",
    "os.spawn": "starting programs (os.spawn*)",
    "subprocess.Popen": "starting programs (subprocess)",
}


class Refused(Exception):
    pass


def audit(event, args):
    what = _REFUSED.get(event) or ("calling C code through ctypes" if event.startswith("ctypes.") else None)
    if what is not None:
        raise Refused(what + " is not allowed in the sandbox")


def extra_processes():
    """Processes of this sandbox besides its init and the runner (its own pid namespace: /proc lists only them)."""
    try:
        return sum(1 for d in os.listdir("/proc") if d.isdigit()) > 2
    except OSError:
        return False


def main():
    # The host tells a sandbox that could not start (ours to retry) from code that ended it (the candidate's).
    send({"started": True})
    setup = json.loads(_stdin.readline())
    console = Console(int(setup["consoleMaxBytes"]), int(setup["consoleMaxLines"]))
    sys.stdout = console
    sys.stderr = console
    cpu_seconds = int(setup["cpuMs"]) / 1000.0
    max_output = int(setup["maxOutputBytes"])
    signal.signal(signal.SIGPROF, on_cpu_limit)
    cpu_limit = "%g s" % cpu_seconds

    processes = int(setup["processes"])
    sys.addaudithook(audit)
    namespace = {"__name__": "solution", "__builtins__": __builtins__}
    try:
        compiled = compile(setup["code"], FILENAME, "exec")
    except SyntaxError as e:
        message = "The code does not compile: %s: %s (line %s)" % (type(e).__name__, e.msg, e.lineno)
        send({"fail": failure("COMPILE_ERROR", message, e.lineno), "console": console.take()})
        return
    except (ValueError, MemoryError) as e:
        send({"fail": failure("COMPILE_ERROR", "The code does not compile: " + describe(e)), "console": ""})
        return
    try:
        signal.setitimer(signal.ITIMER_PROF, cpu_seconds)
        exec(compiled, namespace)
        signal.setitimer(signal.ITIMER_PROF, 0)
    except CpuLimit:
        message = "Loading the code used more than %s of CPU time, the limit. Look for an endless loop." % cpu_limit
        send({"fail": failure("TIMEOUT", message), "console": console.take()})
        return
    except MemoryError:
        send({"fail": failure("MEMORY_LIMIT", "MEMORY"), "console": console.take()})
        return
    except BaseException as e:  # the candidate's exception (SystemExit too) ends the run, reported
        signal.setitimer(signal.ITIMER_PROF, 0)
        line, trace = candidate_line(e.__traceback__)
        at = " (line %d; %s)" % (line, trace) if line else ""
        send({"fail": failure("RUNTIME_ERROR", "Loading the code raised " + describe(e) + at, line), "console": console.take()})
        return
    entry = setup["entry"]
    fn = namespace.get(entry)
    if not callable(fn):
        message = "The code must define a function named %s (found %s)." % (
            entry,
            "nothing by that name" if fn is None else "a " + type(fn).__name__,
        )
        send({"fail": failure("BAD_RETURN", message), "console": console.take()})
        return
    send({"ready": True, "console": console.take()})

    for raw in _stdin:
        args = from_wire(json.loads(raw)["args"])
        started = time.monotonic()
        result = None
        try:
            signal.setitimer(signal.ITIMER_PROF, cpu_seconds)
            try:
                value = fn(*args)
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
            try:
                wire = to_wire(value, [max_output])
                text = json.dumps(wire, allow_nan=False)
                if len(text.encode("utf-8")) > max_output:
                    raise TooLarge()
                result = {"ok": True, "valueJson": text}
            except TooLarge:
                result = failure("OUTPUT_TOO_LARGE", "OUTPUT")
            except (ValueError, RecursionError) as e:
                result = failure("BAD_RETURN", "The return value cannot be sent back: " + describe(e))
        except CpuLimit:
            result = failure("TIMEOUT", "The function used more than %s of CPU time, the limit. Look for an endless loop." % cpu_limit)
        except MemoryError:
            result = failure("MEMORY_LIMIT", "MEMORY")
        except BaseException as e:  # the candidate's exception fails this test only
            if os.getpid() != _main_pid:
                os._exit(0)
            line, trace = candidate_line(e.__traceback__)
            at = " (line %d; %s)" % (line, trace) if line else ""
            hint = ""
            if isinstance(e, BlockingIOError) and e.errno == 11:
                hint = " The sandbox allows %d processes, the limit." % processes
            result = failure("RUNTIME_ERROR", "The code raised " + describe(e) + at + hint, line)
            result["ok"] = False
        if os.getpid() != _main_pid:
            os._exit(0)
        result.setdefault("ok", False)
        # Processes the call left behind would run on into the next call: start afresh.
        if extra_processes():
            result["restart"] = True
        result["millis"] = round((time.monotonic() - started) * 1000)
        result["console"] = console.take()
        result["truncated"] = console.truncated
        if result.get("ok"):
            # The value is already JSON: splice it in rather than parsing it again.
            head = json.dumps({k: v for k, v in result.items() if k != "valueJson"}, allow_nan=False)
            _proto.write(head[:-1] + ', "value": ' + result["valueJson"] + "}\n")
            _proto.flush()
        else:
            send(result)
        if result.get("restart"):
            os._exit(0)


main()
