// The path syntax that picks a field of a JSON answer for a context:
//   $                      the whole answer (a text answer is always read whole)
//   sessionID              a field of the top-level object ("$." in front is allowed: $.sessionID)
//   payload.request.number fields inside fields
//   requests[0].number     an element of a list (0 is the first; -1 the last)
//   requests[*].number     that field of every element: a list
//   ["odd key"].value      a field whose name has characters other than letters, digits, _, - and $
// A path that goes through a missing field or a wrong kind of value finds nothing (undefined).

export type PathStep = { field: string } | { index: number } | { every: true };

export class PathError extends Error {}

const NAME = /^[A-Za-z0-9_$-]+/;

export function parsePath(text: string): PathStep[] {
  const path = text.trim();
  if (path === '' || path === '$') return [];
  let rest = path.startsWith('$.') ? path.slice(2) : path.startsWith('$[') ? path.slice(1) : path;
  const steps: PathStep[] = [];
  let expectName = true;
  while (rest !== '') {
    if (rest.startsWith('[')) {
      const close = rest.startsWith('["') ? rest.indexOf('"]') + 1 : rest.indexOf(']');
      if (close <= 0) throw new PathError(`"${text}": a "[" is not closed`);
      const inside = rest.slice(1, close);
      if (inside === '*') steps.push({ every: true });
      else if (/^-?\d+$/.test(inside)) steps.push({ index: Number(inside) });
      else if (/^".*"$/.test(inside) && inside.length >= 2) steps.push({ field: inside.slice(1, -1) });
      else throw new PathError(`"${text}": [${inside}] is neither an index, * nor a "quoted name"`);
      rest = rest.slice(close + 1);
      expectName = false;
    } else if (rest.startsWith('.') && !expectName) {
      rest = rest.slice(1);
      expectName = true;
      if (rest === '') throw new PathError(`"${text}" ends with a "."`);
    } else {
      const name = NAME.exec(rest)?.[0];
      if (name === undefined || !expectName) throw new PathError(`"${text}": unexpected "${rest.slice(0, 10)}" (names are letters, digits, _, - and $; lists are [0], [*])`);
      steps.push({ field: name });
      rest = rest.slice(name.length);
      expectName = false;
    }
  }
  return steps;
}

/** The problem with a path, or null when it is well formed. */
export function pathProblem(text: string): string | null {
  try {
    parsePath(text);
    return null;
  } catch (error: unknown) {
    return error instanceof PathError ? error.message : String(error);
  }
}

export function readPath(value: unknown, text: string): unknown {
  return walk(value, parsePath(text));
}

function walk(value: unknown, steps: readonly PathStep[]): unknown {
  const [step, ...rest] = steps;
  if (step === undefined) return value;
  if ('every' in step) {
    if (!Array.isArray(value)) return undefined;
    return value.map((item) => walk(item, rest)).filter((item) => item !== undefined);
  }
  if ('index' in step) {
    if (!Array.isArray(value)) return undefined;
    return walk(value.at(step.index), rest);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if (!Object.prototype.hasOwnProperty.call(value, step.field)) return undefined;
  return walk((value as Record<string, unknown>)[step.field], rest);
}
