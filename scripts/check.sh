#!/usr/bin/env bash
# The gates CI runs before the tests: lint, format, strict types and one-way imports (tools: the dev extra).
set -euo pipefail
cd "$(dirname "$0")/.."
ruff check .
ruff format --check .
mypy --strict oversight
lint-imports
