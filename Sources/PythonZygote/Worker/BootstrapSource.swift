/// The Python half of an episode worker: the per-step work that is easiest
/// to get exactly right in Python itself (OpenEnv's reward inputs judged
/// by the interpreter's own `re` and `ast`, tracebacks, `SystemExit`
/// codes, the time limit's interrupt).
///
/// The zygote compiles it once into a module that is not in
/// `sys.modules`, and binds every callable the reward depends on at that
/// moment, so an episode that monkeypatches `re`, `ast`, `compile` or
/// `str.strip` cannot change its own reward.
enum BootstrapSource {
    static let fileName = "<codeenv>"

    static let text = #"""
import ast as _ast
import builtins as _builtins
import fcntl as _fcntl
import io as _io
import os as _os
import re as _re
import signal as _signal
import sys as _sys
import traceback as _traceback
import types as _types
import warnings as _warnings

# OpenEnv's CodeSafetyTransform patterns, in its order: the first one that
# matches the raw source is the one reported.
_DANGEROUS = tuple((_p, _re.compile(_p).search) for _p in (
    r"import\s+os",
    r"import\s+subprocess",
    r"eval\(",
    r"exec\(",
    r"__import__",
    r"open\(",
))

_compile = _builtins.compile
_exec = _builtins.exec
_isinstance = _builtins.isinstance
_int = _builtins.int
_len = _builtins.len
_str = _builtins.str
_type = _builtins.type
_strip = _builtins.str.strip
_BaseException = _builtins.BaseException
_OSError = _builtins.OSError
_SystemExit = _builtins.SystemExit
_KeyboardInterrupt = _builtins.KeyboardInterrupt
_ONLY_AST = _ast.PyCF_ONLY_AST
_setitimer = _signal.setitimer
_set_handler = _signal.signal
_get_handler = _signal.getsignal
_ITIMER_REAL = _signal.ITIMER_REAL
_SIGALRM = _signal.SIGALRM
_print_exception = _traceback.print_exception
_memfd_create = _os.memfd_create
_MFD_SEALABLE = _os.MFD_CLOEXEC | _os.MFD_ALLOW_SEALING
_fcntl_call = _fcntl.fcntl
_F_ADD_SEALS = _fcntl.F_ADD_SEALS
_F_DUPFD_CLOEXEC = _fcntl.F_DUPFD_CLOEXEC
_SEALED = _fcntl.F_SEAL_SEAL | _fcntl.F_SEAL_SHRINK | _fcntl.F_SEAL_GROW | _fcntl.F_SEAL_WRITE
_fstat = _os.fstat
_os_write = _os.write
_lseek = _os.lseek
_dup2 = _os.dup2
_close = _os.close
_open = _io.open
_memoryview = _builtins.memoryview
_Traceback = _types.TracebackType
_catch_warnings = _warnings.catch_warnings
_simplefilter = _warnings.simplefilter
# This module's file name: frames from it are service frames.
_SERVICE_FILE = _sys._getframe().f_code.co_filename


def prepare(source):
    """Compiles `source` and judges it as OpenEnv's reward does: (the code
    object or the error compiling raised, first dangerous pattern or None,
    ast.parse accepts it, len(strip())). One compile serves both the
    judgement and the run: anything that compiles also parses."""
    violation = None
    for pattern, search in _DANGEROUS:
        if search(source) is not None:
            violation = pattern
            break
    try:
        compiled = _compile(source, "<cell>", "exec", 0, True)
        parses = True
    except _BaseException as error:
        compiled = error
        parses = _parses(source)
    return compiled, violation, parses, _len(_strip(source))


def _parses(source):
    # ast.parse's verdict on code the compiler refused: the compiler also
    # refuses code that parses (`return` outside a function). The warnings
    # that compile printed are not printed twice.
    try:
        with _catch_warnings():
            _simplefilter("ignore")
            _compile(source, "<cell>", "exec", _ONLY_AST, True)
        return True
    except _BaseException:
        return False


_timed_out = False
_limit_message = ""


def _on_alarm(signum, frame):
    global _timed_out
    _timed_out = True
    raise _KeyboardInterrupt(_limit_message)


def _user_frames(traceback):
    # The traceback without this module's frames (run below the code, the
    # time limit's handler above it), rebuilt as a new chain.
    kept = []
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename != _SERVICE_FILE:
            kept.append(traceback)
        traceback = traceback.tb_next
    chain = None
    for entry in reversed(kept):
        chain = _Traceback(chain, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return chain


def _report(error):
    # As python3 prints an uncaught exception, with no service frame.
    try:
        _print_exception(_type(error), error, _user_frames(error.__traceback__))
    except _BaseException:
        pass


def _exit_status(exit):
    # python3's handling of an uncaught SystemExit.
    code = exit.code
    if code is None:
        return 0
    if _isinstance(code, _int):
        return code & 0xFF
    try:
        _sys.stderr.write(_str(code) + "\n")
    except _BaseException:
        pass
    return 1


def _flush():
    for stream in (_sys.stdout, _sys.stderr, _sys.__stdout__, _sys.__stderr__):
        try:
            stream.flush()
        except _BaseException:
            pass


def _seconds(limit):
    return "%d" % limit if limit == _int(limit) else "%g" % limit


# The last step's sys.stdin, while nothing was fed to it (so it holds
# nothing it could carry into a later step); None after a step with stdin.
_unfed_stdin = None
# fd 0 of every step fed nothing: an empty memfd sealed against writes, so
# no step can leave anything in it for the next; and its identity.
_empty_stdin = -1
_empty_identity = None


def _identity(fd):
    try:
        status = _fstat(fd)
    except _OSError:
        return None
    return status.st_dev, status.st_ino


def _empty_stdin_fd():
    # The sealed empty memfd, made anew if the code closed it.
    global _empty_stdin, _empty_identity
    if _empty_identity is not None and _identity(_empty_stdin) == _empty_identity:
        return _empty_stdin
    fd = _memfd_create("stdin", _MFD_SEALABLE)
    try:
        _fcntl_call(fd, _F_ADD_SEALS, _SEALED)
        if fd <= 2:
            # fd 0, 1 or 2 was closed: dup2-ing onto it would close this.
            moved = _fcntl_call(fd, _F_DUPFD_CLOEXEC, 3)
            _close(fd)
            fd = moved
    except _BaseException:
        _close(fd)
        raise
    _empty_stdin, _empty_identity = fd, _identity(fd)
    return fd


def _fed_stdin_fd(data):
    # A memfd holding exactly `data`: a regular file, so any size is
    # written at once and reads end at its end.
    fd = _memfd_create("stdin")
    try:
        view = _memoryview(data)
        while view:
            view = view[_os_write(fd, view):]
        _lseek(fd, 0, 0)
    except _BaseException:
        _close(fd)
        raise
    return fd


def _feed_stdin(data):
    # The step's stdin as fd 0, and a sys.stdin over it that nothing an
    # earlier step's buffered: a fresh one, or the last step's when that
    # one was fed nothing, is still sys.stdin, open, and fd 0 is still the
    # empty memfd (every step of an episode: a trivial step then costs one
    # fstat, where a new memfd and sys.stdin cost it a tenth of its time).
    global _unfed_stdin
    if data:
        fd = _fed_stdin_fd(data)
        try:
            _dup2(fd, 0)
        finally:
            # After a step that closed fd 0, the memfd took that number itself.
            if fd != 0:
                _close(fd)
        unchanged = False
    else:
        unchanged = _empty_identity is not None and _identity(0) == _empty_identity
        if not unchanged:
            _dup2(_empty_stdin_fd(), 0)
    stdin = _unfed_stdin
    try:
        reusable = unchanged and stdin is not None and _sys.stdin is stdin and not stdin.closed
    except _BaseException:
        reusable = False
    if not reusable:
        stdin = _open(0, "r", encoding="utf-8", closefd=False)
    _sys.stdin = stdin
    _unfed_stdin = None if data else stdin


def run(compiled, namespace, limit, stdin):
    """Runs `compiled` (from `prepare`) as a module body in `namespace` with
    `stdin` (bytes) on fd 0: (exit code, timed out). A compile error is
    reported as python3 reports it."""
    global _timed_out, _limit_message
    _timed_out = False
    _limit_message = "time limit of %s s exceeded" % _seconds(limit)
    try:
        _feed_stdin(stdin)
    except _BaseException as error:
        compiled = error
    if _isinstance(compiled, _BaseException):
        _report(compiled)
        _flush()
        return 1, False
    try:
        # Again when the previous step's code replaced it; looking costs no
        # system call (the signal module's own table).
        if _get_handler(_SIGALRM) is not _on_alarm:
            _set_handler(_SIGALRM, _on_alarm)
        _setitimer(_ITIMER_REAL, limit)
        try:
            _exec(compiled, namespace)
        finally:
            _setitimer(_ITIMER_REAL, 0)
        status = 0
    except _SystemExit as exit:
        status = _exit_status(exit)
    except _BaseException as error:
        status = 1
        _report(error)
    _flush()
    return status, _timed_out
"""#
}
