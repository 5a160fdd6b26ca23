// Aliases (`*name`) stand for the node anchored `&name` before them. The yaml package finds an
// alias's anchor by walking the whole document each time, and a reader that follows aliases
// walks their nodes again at every use: both are cheap for honest files and unbounded for hostile
// ones. Here every alias is resolved in one walk, and the nodes the aliases stand for are counted
// once per node (sizes remembered), before anything reads the document.
import { isAlias, isMap, isSeq, type Alias, type Document, type Node } from 'yaml';

export type AliasTargets = ReadonlyMap<Alias, Node | undefined>;

/** Each alias's node: the last one anchored with its name before it, as YAML says. */
export function resolveAliases(doc: Document.Parsed): AliasTargets {
  const anchored = new Map<string, Node>();
  const targets = new Map<Alias, Node | undefined>();
  // In document order, a collection before its items (so an alias inside the node it names finds
  // that node: a loop, refused by aliasExpansionProblem); with a stack, not recursion, so that
  // deep nesting cannot overflow it.
  const pending: Node[] = doc.contents === null ? [] : [doc.contents];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (isAlias(node)) {
      targets.set(node, anchored.get(node.source));
      continue;
    }
    if (node.anchor !== undefined) anchored.set(node.anchor, node);
    const children = writtenChildren(node);
    // One by one: spreading a list of a million items would exceed the arguments limit.
    for (let index = children.length - 1; index >= 0; index--) pending.push(children[index] as Node);
  }
  return targets;
}

export interface AliasProblem {
  at: Node;
  message: string;
  code: 'file_alias_loop' | 'file_alias_expansion';
  params: Record<string, string | number>;
}

/** The nodes written inside a collection, in document order (keys before their values). */
function writtenChildren(node: Node): Node[] {
  const children: Node[] = [];
  if (isMap(node)) {
    for (const pair of node.items) {
      if (pair.key !== null && typeof pair.key === 'object') children.push(pair.key as Node);
      if (pair.value !== null && typeof pair.value === 'object') children.push(pair.value as Node);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) if (item !== null && typeof item === 'object') children.push(item as Node);
  }
  return children;
}

function childrenOf(node: Node, targets: AliasTargets): Node[] {
  if (!isAlias(node)) return writtenChildren(node);
  const target = targets.get(node);
  return target === undefined ? [] : [target];
}

interface Frame {
  node: Node;
  children: Node[];
  next: number;
  size: number;
}

/**
 * Whether the aliases of the document stand for more than `limit` nodes beyond those written in
 * it, or for a node that contains them. Linear in the document's size, however far aliases of
 * aliases would expand; iterative, so that deep nesting cannot overflow the stack.
 */
export function aliasExpansionProblem(doc: Document.Parsed, targets: AliasTargets, limit: number): AliasProblem | undefined {
  const root = doc.contents;
  if (root === null || targets.size === 0) return undefined;
  // A node's size counts it and everything under it, an alias counting as its node's size.
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  let written = 0;
  let largest: { alias: Node; size: number } | undefined;
  const stack: Frame[] = [];
  const enter = (node: Node) => {
    open.add(node);
    stack.push({ node, children: childrenOf(node, targets), next: 0, size: isAlias(node) ? 0 : 1 });
  };
  enter(root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    const child = frame.children[frame.next++];
    if (child !== undefined) {
      const known = sizes.get(child);
      if (known !== undefined) frame.size = Math.min(frame.size + known, Number.MAX_SAFE_INTEGER);
      else if (open.has(child)) {
        const alias = isAlias(frame.node) ? frame.node : child;
        const name = isAlias(alias) ? `*${alias.source}` : 'an alias';
        return { at: alias, message: `${name} stands for a node that contains it (an endless loop); aliases may only repeat other parts of the file`, code: 'file_alias_loop', params: { name } };
      } else enter(child);
      continue;
    }
    stack.pop();
    open.delete(frame.node);
    sizes.set(frame.node, frame.size);
    if (isAlias(frame.node)) {
      if (largest === undefined || frame.size > largest.size) largest = { alias: frame.node, size: frame.size };
    } else written += 1;
    const parent = stack[stack.length - 1];
    // Sizes stay exact up to 2^53; beyond, the file is refused anyway.
    if (parent !== undefined) parent.size = Math.min(parent.size + frame.size, Number.MAX_SAFE_INTEGER);
  }
  const total = sizes.get(root) ?? 0;
  if (total - written <= limit || largest === undefined) return undefined;
  const name = isAlias(largest.alias) ? `*${largest.alias.source}` : 'an alias';
  return {
    at: largest.alias,
    message: `aliases expand the file beyond ${written + limit} nodes: they stand for ${total - written} nodes, at most ${limit} are allowed (${name} here alone stands for ${largest.size}); write the items out instead of repeating them with aliases`,
    code: 'file_alias_expansion',
    params: { nodes: total - written, max: limit },
  };
}
