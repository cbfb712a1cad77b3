#!/usr/bin/env python3
"""Validates unifex records against the JSON Schemas in this folder.

    python3 schema/validate.py [--schema page|document|report|hit|chunk] [FILE...]

Reads newline-delimited JSON from each FILE (or stdin, or "-"); a report file is one JSON
object, so it reads the same way. Each record is checked against the schema named by its
"type" field, or by --schema. Prints one line per problem, "FILE:LINE: PATH: message", and
exits 1 if any record does not match, 2 if a schema or file cannot be read, else 0.
Needs python3-jsonschema (Draft 2020-12 support: 4.0 or later).
"""
import argparse
import json
import os
import sys

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
NAMES = ["page", "document", "report", "hit", "chunk"]


def load_schemas():
    schemas = {}
    for name in NAMES:
        with open(os.path.join(HERE, f"{name}.schema.json"), encoding="utf-8") as f:
            schemas[name] = json.load(f)
    return schemas


def inlined(node, base, schemas, depth=0):
    """The schema with every $ref replaced by what it points to (the schemas are not recursive).

    Validation means the same; it is a third faster, since jsonschema resolves a $ref again for
    every word of every page. A $ref with sibling keywords becomes an allOf of both.
    """
    if depth > 50:
        raise ValueError("$ref nesting too deep (a recursive schema?)")
    if isinstance(node, list):
        return [inlined(x, base, schemas, depth) for x in node]
    if not isinstance(node, dict):
        return node
    if "$ref" not in node:
        return {k: inlined(x, base, schemas, depth) for k, x in node.items()}
    address, _, pointer = node["$ref"].partition("#")
    target = base
    if address:
        name = os.path.basename(address).removesuffix(".schema.json")
        if name not in schemas:
            raise ValueError(f"$ref to an unknown schema: {node['$ref']}")
        target = schemas[name]
    resolved = target
    for part in (p for p in pointer.split("/") if p):
        resolved = resolved[part.replace("~1", "/").replace("~0", "~")]
    resolved = {k: x for k, x in resolved.items() if k not in ("$id", "$schema", "$defs")}
    resolved = inlined(resolved, target, schemas, depth + 1)
    rest = {k: inlined(x, base, schemas, depth) for k, x in node.items() if k != "$ref"}
    return {"allOf": [resolved, rest]} if rest else resolved


def make_validators(schemas):
    """One Draft 2020-12 validator per schema, $refs between the files resolved offline."""
    cls = jsonschema.Draft202012Validator
    for schema in schemas.values():
        cls.check_schema(schema)
    schemas = {name: inlined(s, s, schemas) for name, s in schemas.items()}
    try:
        # jsonschema 4.18 and later.
        from referencing import Registry, Resource
        registry = Registry().with_resources(
            (s["$id"], Resource.from_contents(s)) for s in schemas.values())
        return {name: cls(s, registry=registry) for name, s in schemas.items()}
    except ImportError:
        # Debian 12's jsonschema 4.10.
        store = {s["$id"]: s for s in schemas.values()}
        return {name: cls(s, resolver=jsonschema.RefResolver.from_schema(s, store=store))
                for name, s in schemas.items()}


def location(error):
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return "$" + path


def leaves(error):
    """The innermost errors: a failed allOf/if/$ref names the branch that actually failed."""
    if not error.context:
        yield error
        return
    for child in error.context:
        yield from leaves(child)


def main():
    parser = argparse.ArgumentParser(description="Validate unifex records against schema/*.schema.json.")
    parser.add_argument("--schema", choices=NAMES, help="check every record against this schema (default: by its type)")
    parser.add_argument("--max-errors", type=int, default=5, help="problems printed per record (default 5)")
    parser.add_argument("files", nargs="*", default=["-"])
    args = parser.parse_args()

    try:
        validators = make_validators(load_schemas())
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        print(f"validate.py: error: cannot load the schemas: {e}", file=sys.stderr)
        return 2

    checked = invalid = 0
    for name in args.files:
        try:
            stream = sys.stdin if name == "-" else open(name, encoding="utf-8")
        except OSError as e:
            print(f"validate.py: error: {name}: {e.strerror}", file=sys.stderr)
            return 2
        label = "stdin" if name == "-" else name
        with stream:
            for number, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                checked += 1
                problems = []
                try:
                    record = json.loads(line)
                except ValueError as e:
                    problems.append(f"$: not JSON: {e}")
                    record = None
                if record is not None:
                    kind = args.schema or (record.get("type") if isinstance(record, dict) else None)
                    validator = validators.get(kind)
                    if validator is None:
                        problems.append(f"$.type: no schema for type {kind!r}")
                    else:
                        errors = sorted(validator.iter_errors(record), key=lambda e: list(e.absolute_path))
                        for error in errors:
                            for leaf in leaves(error):
                                problems.append(f"{location(leaf)}: {leaf.message}")
                if problems:
                    invalid += 1
                    for problem in problems[:args.max_errors]:
                        print(f"{label}:{number}: {problem}")
                    if len(problems) > args.max_errors:
                        print(f"{label}:{number}: … and {len(problems) - args.max_errors} more")
    print(f"validate.py: {checked} records, {invalid} invalid", file=sys.stderr)
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
