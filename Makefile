# The instructor's front end; everything runs through `python -m autograder`.
# `make grade` and `make test` create .venv and install the pinned requirements
# on first use (and again whenever requirements.txt changes).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ASSIGNMENT ?=
SUBMISSION ?=
SUBMISSIONS ?=
JOBS ?=
FORCE ?=
RESULTS ?=

.PHONY: grade test templates bench mutants gradescope handout gradescope-check new clean

# Every path is passed in double quotes: SUBMISSION="my sub" stays one argument.
$(VENV)/installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@$(PY) -c 'import torch; print("installed torch", torch.__version__, "(CUDA " + torch.version.cuda + " compiled in: see the README for the CPU build)" if torch.version.cuda else "(CPU build)")'
	touch $@

grade: $(VENV)/installed
	$(PY) -m autograder grade $(if $(ASSIGNMENT),--assignment "$(ASSIGNMENT)") \
		$(if $(SUBMISSION),--submission "$(SUBMISSION)") $(if $(RESULTS),--results "$(RESULTS)") \
		$(if $(SUBMISSIONS),--submissions "$(SUBMISSIONS)") $(if $(JOBS),--jobs "$(JOBS)") \
		$(if $(FORCE),--force)

# make test ASSIGNMENT=id: only the generic checks of that assignment (tests/test_assignments.py)
test: $(VENV)/installed
	$(PY) -m pytest -q $(if $(ASSIGNMENT),tests/test_assignments.py -k "$(ASSIGNMENT)",tests)

new: $(VENV)/installed
	$(PY) -m autograder new --assignment "$(ASSIGNMENT)"

templates: $(VENV)/installed
	$(PY) -m autograder templates $(if $(ASSIGNMENT),--assignment "$(ASSIGNMENT)")

gradescope: $(VENV)/installed
	$(PY) -m autograder build-gradescope $(if $(ASSIGNMENT),--assignment "$(ASSIGNMENT)")

handout: $(VENV)/installed
	$(PY) -m autograder build-handout $(if $(ASSIGNMENT),--assignment "$(ASSIGNMENT)")

gradescope-check: $(VENV)/installed
	$(PY) -m autograder gradescope-check $(if $(ASSIGNMENT),--assignment "$(ASSIGNMENT)") \
		$(if $(SUBMISSION),--submission "$(SUBMISSION)")

mutants: $(VENV)/installed
	$(PY) -m autograder mutants $(if $(ASSIGNMENT),--assignment "$(ASSIGNMENT)") $(if $(JOBS),--jobs "$(JOBS)")

bench: $(VENV)/installed
	$(PY) benchmarks/bench.py

clean:
	rm -rf results dist .cache .pytest_cache
