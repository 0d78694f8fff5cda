"""The parts of luna3 (LUNA's Python client library) that lambdas import, written for the playground."""
