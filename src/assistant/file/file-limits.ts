// How much an assistant file (our YAML or Rasa NLU data) may hold and make the reader do. An
// import runs on the server that also answers chat, so a file must not be able to cost more than
// a large honest file would: see README.md, "Limits".

/** The file's size in bytes (UTF-8): the admin API's body limit and `helper import`'s too. */
export const MAX_ASSISTANT_FILE_BYTES = 10 * 1024 * 1024;

/**
 * How many nodes aliases (`*name`) may add to what the file writes out. Aliases are legal YAML,
 * but each one makes the reader walk its anchored node again: a few kilobytes of aliases of
 * aliases ("billion laughs") would stand for billions of nodes.
 */
export const MAX_ALIASED_NODES = 10_000;
