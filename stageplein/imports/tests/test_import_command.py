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


def test_command_takes_files_the_web_upload_refuses_for_size():
    from stageplein.imports.parsing import CLI_MAX_ROWS, MAX_ROWS, ImportFileError, parse_file

    content = b"Stamnr;Roepnaam\r\n" + b"".join(b"%d;Sam\r\n" % i for i in range(MAX_ROWS + 1))
    with pytest.raises(ImportFileError, match=r"command line|opdrachtregel"):
        parse_file(content)
    assert len(parse_file(content, max_rows=CLI_MAX_ROWS).rows) == MAX_ROWS + 1


def test_command_limit_is_a_parameter_and_its_message_says_split(world, rows, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "leerlingen.csv"
    path.write_bytes(to_csv(rows))
    with pytest.raises(CommandError) as refused:
        call_command("import_students", str(path), school="10AA", max_rows=5)
    assert "5" in str(refused.value)
    assert "command line" not in str(refused.value) and "opdrachtregel" not in str(refused.value)


def test_command_explains_bad_column_json(world, rows, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "leerlingen.csv"
    path.write_bytes(to_csv(rows))
    with pytest.raises(CommandError, match="JSON"):
        call_command("import_students", str(path), school="10AA", columns="{student_number:")
