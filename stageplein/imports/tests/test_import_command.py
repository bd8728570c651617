import pytest
from django.core.management import call_command

from stageplein.imports.sample import to_csv
from stageplein.students.models import Student

pytestmark = pytest.mark.django_db


def test_command_imports_with_the_same_checks_and_is_idempotent(world, rows, tmp_path, capsys):
    path = tmp_path / "leerlingen.csv"
    path.write_bytes(to_csv(rows))
    call_command("import_students", str(path), school="10AA", no_invite=True)
    assert "12 new" in capsys.readouterr().out
    call_command("import_students", str(path), school="10AA", no_invite=True)
    assert "0 new, 0 updated, 12 unchanged" in capsys.readouterr().out


def test_command_prints_each_problem_and_imports_nothing(world, rows, tmp_path, capsys):
    rows[3]["Geb.datum"] = "morgen"
    path = tmp_path / "leerlingen.csv"
    path.write_bytes(to_csv(rows))
    with pytest.raises(SystemExit) as exit_:
        call_command("import_students", str(path), school="10aa")
    assert exit_.value.code == 1
    out = capsys.readouterr().out
    assert f"line 5 ({rows[3]['Stamnr']})" in out and "morgen" in out
    assert not Student.objects.filter(student_number=rows[0]["Stamnr"]).exists()


def test_command_refuses_an_unknown_school(world, rows, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "x.csv"
    path.write_bytes(to_csv(rows))
    with pytest.raises(CommandError, match="99ZZ"):
        call_command("import_students", str(path), school="99ZZ")
