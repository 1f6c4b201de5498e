"""The seeders: the demo (``load_demo``) and the national-scale history (``seed_scale``).

They write the rows of every app, so they sit above every layer: the import contract
(``[tool.importlinter]`` in pyproject.toml) excepts this package and nothing else.
"""
