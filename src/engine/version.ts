// The engine's version, written into checkpoints so a file from another version is recognised.
export const ENGINE_VERSION = '0.1.0';
/** Bumped when a checkpoint layout changes incompatibly. */
export const CHECKPOINT_FORMAT = 1;
