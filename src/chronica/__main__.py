from chronica.cli import app

app(prog_name="chronica")
