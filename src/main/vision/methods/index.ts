// The zero-shot methods as pure functions over model outputs and proposals (METHODS.md §1, §2, §4).
export * from './shared';
export * from './copatch';
export * from './hybridgl';
export * from './glclip';
export { METHOD_PRESETS } from './presets';
