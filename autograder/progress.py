"""A batch's progress line: how many are done, and an estimate of the time left
that counts the submissions still running.

A running submission is expected to need the typical time (the mean of those
graded so far) minus what it has already run, but at least half what it has
run: one that hangs pushes the estimate up, not down to "~0:01 left", and the
line names the slowest one once it runs past twice the typical time.
"""
import threading

WIDTH = 30       # characters of the bar
SLOW_FACTOR = 2  # running this many times the typical time: named on the line
SLOW_SECONDS = 5  # ... and at least this long


class Progress:
    def __init__(self, total, jobs, started_at):
        self.total, self.jobs, self.started_at = total, max(1, jobs), started_at
        self.count = 0
        self.durations = []   # seconds of each submission graded (not the unchanged ones)
        self.running = {}     # name -> when its grading started
        self.lock = threading.Lock()
        self.shown = 0        # length of the last line, to blank out what is left of it

    def started(self, name, when):
        with self.lock:
            self.running[name] = when

    def finished(self, graded):
        with self.lock:
            self.count += 1
            self.running.pop(graded.entry.name, None)
            if not graded.skipped:
                self.durations.append(graded.seconds)

    def left(self, now):
        """Seconds left, or None while nothing has been timed yet."""
        with self.lock:
            running = [now - since for since in self.running.values()]
            durations = list(self.durations)
            queued = self.total - self.count - len(running)
        if not durations:
            return None if running or queued else 0.0
        typical = sum(durations) / len(durations)
        needs = [max(typical - ran, ran / 2) for ran in running]
        return max((queued * typical + sum(needs)) / self.jobs, max(needs, default=0.0))

    def slowest(self, now):
        """(name, seconds) of the running submission far slower than the others, or None."""
        with self.lock:
            if not self.running or not self.durations:
                return None
            typical = sum(self.durations) / len(self.durations)
            name, since = min(self.running.items(), key=lambda item: item[1])
        ran = now - since
        return (name, ran) if ran > max(SLOW_FACTOR * typical, SLOW_SECONDS) else None

    def line(self, now):
        done = self.count
        bar = "#" * (WIDTH * done // self.total) + "." * (WIDTH - WIDTH * done // self.total)
        left = self.left(now)
        text = (f"[{bar}] {done}/{self.total}  {clock(now - self.started_at)} elapsed, "
                + ("estimating time left" if left is None else f"~{clock(left)} left"))
        slow = self.slowest(now)
        if slow:
            text += f" ({slow[0]} has been running for {clock(slow[1])})"
        padded, self.shown = text.ljust(self.shown), len(text)
        return padded


def clock(seconds):
    minutes, seconds = divmod(int(round(seconds)), 60)
    return f"{minutes}:{seconds:02d}"
