// Finds path expressions in a repository's files that resolve outside the repository: relative import specifiers
// climbing above the root, `new URL('../…', import.meta.url)`, `path.resolve(root, '..', …)` / `path.join(…)` chains,
// any other `'../…'` literal (judged from the file's folder, as an import would be), and absolute paths into a
// person's home or a sibling checkout. Source files are parsed with the TypeScript compiler so comments and prose do
// not count; other tracked text files (package.json scripts, Dockerfile, compose, CI) are scanned for `../` words.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface OutsidePath {
  file: string;
  line: number;
  text: string;
  resolvesTo: string;
}

/** Folders that are not part of the clone's sources (.gitignore) or not ours. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.data', 'dist', 'coverage', 'reports']);
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const TEXT_FILES = new Set(['package.json', 'Dockerfile', 'docker-compose.yml', 'run', 'tsconfig.json', '.dockerignore']);
/** Absolute paths that can only mean someone's own machine (the tool cache under ~/.cache is the bootstrap's, by design). */
const PERSONAL_ABSOLUTE = /^(\/home\/|\/Users\/|\/root\/|\/work\/)/;
/** The repository root, as a stand-in absolute path: anything that does not stay under it is outside. */
const ROOT = '/__repository__';

export function repositoryFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (SKIPPED_DIRS.has(name)) continue;
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (SOURCE.test(name) || TEXT_FILES.has(name)) files.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return files.sort();
}

const inside = (resolved: string) => resolved === ROOT || resolved.startsWith(`${ROOT}/`);
const shown = (resolved: string) => (inside(resolved) ? resolved.replace(ROOT, '<repo>') : `<repo>/${path.posix.relative(ROOT, resolved)}`);

function isPathCall(node: ts.CallExpression, names: string[]): boolean {
  const callee = node.expression;
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'path' && names.includes(callee.name.text);
}

function isImportMeta(node: ts.Node, property: string): boolean {
  return ts.isPropertyAccessExpression(node) && ts.isMetaProperty(node.expression) && node.name.text === property;
}

/** Checks one source file; `file` is relative to the root. */
export function outsidePathsInSource(file: string, text: string): OutsidePath[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const fileAbs = path.posix.join(ROOT, file);
  const dirAbs = path.posix.dirname(fileAbs);
  const found: OutsidePath[] = [];
  const judged = new Set<ts.Node>();
  const declarations = new Map<string, ts.Expression>();
  const collect = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) declarations.set(node.name.text, node.initializer);
    ts.forEachChild(node, collect);
  };
  collect(source);

  const report = (node: ts.Node, resolved: string, personal = false) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push({ file, line: line + 1, text: node.getText(source).slice(0, 120), resolvesTo: personal ? resolved : shown(resolved) });
  };

  // The absolute location an expression names, when it can be told from this file alone.
  const evaluate = (node: ts.Expression, seen = new Set<string>()): string | undefined => {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) return evaluate(node.expression, seen);
    if (ts.isStringLiteralLike(node)) return node.text.startsWith('/') ? node.text : undefined;
    if (isImportMeta(node, 'url') || isImportMeta(node, 'filename')) return fileAbs;
    if (isImportMeta(node, 'dirname')) return dirAbs;
    if (ts.isIdentifier(node)) {
      if (node.text === '__dirname') return dirAbs;
      if (node.text === '__filename') return fileAbs;
      const initializer = declarations.get(node.text);
      if (!initializer || seen.has(node.text)) return undefined;
      return evaluate(initializer, new Set([...seen, node.text]));
    }
    if (ts.isPropertyAccessExpression(node) && ['pathname', 'href'].includes(node.name.text)) return evaluate(node.expression, seen);
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') {
      const [spec, base] = node.arguments ?? [];
      if (spec && !base) return evaluate(spec, seen);
      if (!spec || !base || !ts.isStringLiteralLike(spec)) return undefined;
      const baseAbs = evaluate(base, seen);
      return baseAbs === undefined ? undefined : path.posix.normalize(decodeURIComponent(new URL(spec.text, `file://${baseAbs}`).pathname));
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee) && callee.text === 'fileURLToPath' && node.arguments[0]) return evaluate(node.arguments[0], seen);
      if (isPathCall(node, ['dirname']) && node.arguments[0]) {
        const inner = evaluate(node.arguments[0], seen);
        return inner === undefined ? undefined : path.posix.dirname(inner);
      }
      if (isPathCall(node, ['resolve', 'join'])) {
        // An anchor this file cannot tell (a parameter, a setting, a relative start) counts as the root: climbing
        // above it is outside.
        const [first, ...others] = node.arguments;
        const anchor = first ? evaluate(first, seen) : undefined;
        if (anchor === undefined && !node.arguments.some((arg) => ts.isStringLiteralLike(arg) || ts.isTemplateExpression(arg))) return undefined;
        let at = anchor ?? ROOT;
        for (const arg of anchor === undefined ? node.arguments : others) {
          if (ts.isStringLiteralLike(arg)) at = path.posix.resolve(at, arg.text);
          else if (ts.isTemplateExpression(arg)) at = path.posix.resolve(at, arg.head.text || '.');
        }
        return at;
      }
    }
    return undefined;
  };

  const judgeLocation = (node: ts.Expression) => {
    const resolved = evaluate(node);
    if (resolved !== undefined && !inside(resolved)) report(node, resolved);
    node.forEachChild(function mark(child) {
      judged.add(child);
      child.forEachChild(mark);
    });
    judged.add(node);
  };

  const judgeSpecifier = (node: ts.Node, spec: string) => {
    judged.add(node);
    if (!spec.startsWith('.')) return;
    const resolved = path.posix.resolve(dirAbs, spec);
    if (!inside(resolved)) report(node, resolved);
  };

  // ESLint restricted-import patterns are relative to the importing file and never read: not paths of this file.
  const isImportPattern = (node: ts.Node) => {
    for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
      if (ts.isPropertyAssignment(at) && ts.isIdentifier(at.name) && ['group', 'patterns'].includes(at.name.text)) return true;
    }
    return false;
  };

  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      judgeSpecifier(node.moduleSpecifier, node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      const loads = callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require');
      if (loads) judgeSpecifier(node.arguments[0], node.arguments[0].text);
    }
    if (!judged.has(node)) {
      if (ts.isCallExpression(node) && isPathCall(node, ['resolve', 'join', 'dirname'])) judgeLocation(node);
      else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') judgeLocation(node);
      else if ((ts.isStringLiteralLike(node) || ts.isTemplateHead(node)) && !isImportPattern(node)) {
        const value = node.text;
        if (PERSONAL_ABSOLUTE.test(value)) report(node, value, true);
        else if (value.startsWith('../')) {
          const resolved = path.posix.resolve(dirAbs, value);
          if (!inside(resolved)) report(node, resolved);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Checks a non-source text file (package.json scripts, Dockerfile, compose, CI script) for `../` climbing out. */
export function outsidePathsInText(file: string, text: string): OutsidePath[] {
  const dirAbs = path.posix.dirname(path.posix.join(ROOT, file));
  const found: OutsidePath[] = [];
  text.split('\n').forEach((lineText, index) => {
    for (const match of lineText.matchAll(/(?:^|[\s"'=:(,])((?:\.\.\/)+[^\s"',)]*|\.\.(?=[\s"',)]|$))/g)) {
      const resolved = path.posix.resolve(dirAbs, match[1]!);
      if (!inside(resolved)) found.push({ file, line: index + 1, text: lineText.trim().slice(0, 120), resolvesTo: shown(resolved) });
    }
    for (const match of lineText.matchAll(/(?:^|[\s"'=:(,])((?:\/home\/|\/Users\/|\/root\/|\/work\/)[^\s"',)]*)/g)) {
      found.push({ file, line: index + 1, text: lineText.trim().slice(0, 120), resolvesTo: match[1]! });
    }
  });
  return found;
}

export function outsidePaths(root: string, files = repositoryFiles(root)): OutsidePath[] {
  return files.flatMap((file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    return SOURCE.test(file) ? outsidePathsInSource(file, text) : outsidePathsInText(file, text);
  });
}
