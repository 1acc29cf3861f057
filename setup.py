"""Build configuration beyond pyproject.toml: the top-level templates/ ship inside the package.

The project layout keeps Jinja2 templates in templates/ at the repository's root; a wheel must
carry them, so they are mapped to the package `census.templates` (census.resources finds both).
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["census", "census.*"]), "census.templates"],
    package_dir={"census.templates": "templates"},
)
