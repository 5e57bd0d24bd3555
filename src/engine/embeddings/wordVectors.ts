// The in-memory shape every embedding model shares: trained, embedded default, or read from a file.

/** n words × dim floats, row-major: row i is the vector of words[i]. Words are unique. */
export interface WordVectors {
  words: string[];
  dim: number;
  /** [n * dim] */
  vectors: Float32Array;
}
