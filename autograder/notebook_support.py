"""In a handout's notebook: a function the student has not written yet stops
the notebook with one line ("implement conv_forward in layers.py first")
instead of a traceback through the notebook's plotting code.

`stop_at_missing_functions()` registers an IPython handler for
NotImplementedError (the templates raise it).  The cell still ends in an
error, so "Run All" stops there; only the message is short.  Outside IPython
it does nothing.
"""
import os
import sys


def missing_function(tb):
    """(name, file) of the innermost frame of the traceback `tb`: the function
    that raised, as `Class.method` for a method."""
    if tb is None:
        return None, None
    while tb.tb_next is not None:
        tb = tb.tb_next
    frame = tb.tb_frame
    name = frame.f_code.co_name
    owner = frame.f_locals.get("self")
    if owner is not None:
        name = f"{type(owner).__name__}.{name}"
    return name, os.path.basename(frame.f_code.co_filename)


def message(error, tb):
    function, file_name = missing_function(tb)
    if function and file_name.endswith(".py"):
        return (f"Implement {function} in {file_name} first: it still raises NotImplementedError. "
                "Then run this cell again.")
    return f"Something is not implemented yet: {error}"


def _handler(shell, kind, error, tb, tb_offset=None):
    """Show the one line as the cell's error (IPython shows nothing by itself for
    a custom handler) and drop the figure the cell had begun, which would
    otherwise appear empty below it."""
    text = message(error, tb)
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")
    shell._showtraceback(kind, error, [f"\033[31m{text}\033[0m" if "NO_COLOR" not in os.environ else text])


def stop_at_missing_functions():
    """Make a NotImplementedError in this notebook a one-line stop."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((NotImplementedError,), _handler)
    return True
