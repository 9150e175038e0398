#!/usr/bin/env node
// Checks the dependency direction between workspace packages (core <- contracts <- db <- apps; the web app imports
// core and contracts only) and that no package imports a sibling through a relative path or forms an import cycle.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** Which workspace packages each package's source may import. */
const ALLOWED = {
  '@charta/core': [],
  '@charta/contracts': ['@charta/core'],
  '@charta/data': ['@charta/core'],
  '@charta/db': ['@charta/core', '@charta/contracts'],
  '@charta/testing': ['@charta/core', '@charta/contracts', '@charta/db', '@charta/data'],
  '@charta/server': ['@charta/core', '@charta/contracts', '@charta/db', '@charta/data', '@charta/testing'],
  '@charta/cli': [
    '@charta/core',
    '@charta/contracts',
    '@charta/db',
    '@charta/data',
    '@charta/server',
    '@charta/testing',
  ],
  '@charta/web': ['@charta/core', '@charta/contracts'],
  '@charta/bench': [
    '@charta/core',
    '@charta/contracts',
    '@charta/db',
    '@charta/data',
    '@charta/server',
    '@charta/testing',
  ],
};
/** Test files may also use the testing package. */
const TEST_EXTRA = ['@charta/testing'];

const packages = {
  '@charta/core': 'packages/core/src',
  '@charta/contracts': 'packages/contracts/src',
  '@charta/data': 'data/src',
  '@charta/db': 'packages/db/src',
  '@charta/testing': 'packages/testing/src',
  '@charta/server': 'apps/server/src',
  '@charta/cli': 'apps/cli/src',
  '@charta/web': 'apps/web/src',
  '@charta/bench': 'bench/src',
};

const files = (dir) => {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(files(full));
    else if (/\.(ts|tsx)$/u.test(name)) out.push(full);
  }
  return out;
};

const problems = [];
const importRe = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gu;
const graph = new Map();
for (const [pkg, dir] of Object.entries(packages)) {
  const abs = join(root, dir);
  for (const file of files(abs)) {
    const text = readFileSync(file, 'utf8');
    const isTest =
      /\.(int\.|e2e\.)?test\.tsx?$/u.test(file) ||
      file.endsWith('test-support.ts') ||
      file.endsWith('route-samples.ts');
    const deps = [];
    for (const m of text.matchAll(importRe)) {
      const spec = m[1] ?? m[2];
      if (!spec) continue;
      if (spec.startsWith('@charta/')) {
        const target = spec.split('/').slice(0, 2).join('/');
        const allowed = [...ALLOWED[pkg], ...(isTest ? TEST_EXTRA : [])];
        if (target !== pkg && !allowed.includes(target))
          problems.push(`${relative(root, file)}: ${pkg} may not import ${target}`);
      } else if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(abs) && !isTest)
          problems.push(`${relative(root, file)}: relative import leaves its package (${spec})`);
        deps.push(target.replace(/\.js$/u, '.ts'));
      }
    }
    graph.set(
      file,
      deps.map((d) => (d.endsWith('.ts') || d.endsWith('.tsx') ? d : d + '.ts')),
    );
  }
}

// Import cycles between modules (type-only imports included, to keep the graph simple to reason about).
const state = new Map();
const stack = [];
const visit = (node) => {
  state.set(node, 1);
  stack.push(node);
  for (const dep of graph.get(node) ?? []) {
    const alt = graph.has(dep) ? dep : dep.replace(/\.ts$/u, '.tsx');
    if (!graph.has(alt)) continue;
    if (state.get(alt) === 1) {
      const cycle = stack
        .slice(stack.indexOf(alt))
        .concat(alt)
        .map((f) => relative(root, f));
      problems.push(`import cycle: ${cycle.join(' -> ')}`);
    } else if (!state.has(alt)) visit(alt);
  }
  stack.pop();
  state.set(node, 2);
};
for (const node of graph.keys()) if (!state.has(node)) visit(node);

if (problems.length > 0) {
  console.error(`Dependency check failed:\n${[...new Set(problems)].map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`Dependency check passed (${graph.size} modules).`);
