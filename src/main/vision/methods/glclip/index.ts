export { type GlClipParams, GLCLIP_PRESETS, SAMCLIP_PRESET, checkGlClipParams } from './params';
export {
  type GlClipInput,
  type GlClipDebug,
  fuseGlobalLocal,
  textEnsemble,
  glClipScores,
  runGlClip,
  runSamClip,
} from './glclip';
