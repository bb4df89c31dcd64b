"""The checks every assignment gets, discovered from assignments/ (a new
assignment needs no test file of its own for these):

- the reference solution scores full marks and the generated template 0;
- each catalogued mutant (assignments/<id>/mutants.py: a realistic bug written
  as a text replacement of the solution) loses exactly the tests its entry
  names: the listed tests catch the bug, no unrelated test is hurt by it;
- a diagnosis is never a guess: each mutant's feedback names, as the likely
  cause, the misconception its entry names (misconceptions.py) and no other;
  the solution's names none; at least 80% of the catalog is diagnosed;
- no failed hidden test of any mutant reveals data (values, indices, shapes).

Each file's own tests (test_<id>_variants.py) add what is particular to it.
"""
import pytest

from autograder import config
from conftest import (assert_caught_exactly, assert_diagnoses_only_their_own_mutant,
                      assert_full_marks, assert_reveals_no_data, assert_template_scores_zero,
                      mutant_catalog)

ASSIGNMENTS = config.available()
MUTANTS = [(a, m) for a in ASSIGNMENTS for m in mutant_catalog(a)]


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_solution_scores_full_marks(graded_variants, assignment_id):
    assert_full_marks(graded_variants(assignment_id))


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_template_scores_zero(assignment_id):
    assert_template_scores_zero(assignment_id)


@pytest.mark.parametrize("assignment_id, mutant", MUTANTS, ids=[f"{a}-{m.id}" for a, m in MUTANTS])
def test_mutant_loses_exactly_its_catalogued_tests(graded_variants, assignment_id, mutant):
    assert_caught_exactly(graded_variants(assignment_id, mutant.id), mutant.id, mutant.caught_by)


@pytest.mark.parametrize("assignment_id, mutant", MUTANTS, ids=[f"{a}-{m.id}" for a, m in MUTANTS])
def test_failed_hidden_tests_reveal_no_data(graded_variants, assignment_id, mutant):
    for test in graded_variants(assignment_id, mutant.id).tests:
        if test.visibility != "visible" and not test.passed and test.cases:
            assert_reveals_no_data(test)


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_diagnoses_name_the_mistake_and_only_that_mistake(graded_variants, assignment_id):
    assert_diagnoses_only_their_own_mutant(graded_variants, assignment_id)
