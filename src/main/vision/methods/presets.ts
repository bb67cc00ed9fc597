// Every method's named presets in one place, for the UI's method settings and the CLI's --preset.

import { COPATCH_PRESETS } from './copatch';
import { GLCLIP_PRESETS, SAMCLIP_PRESET } from './glclip';
import { HYBRIDGL_PRESETS } from './hybridgl';

export const METHOD_PRESETS = {
  copatch: COPATCH_PRESETS,
  hybridgl: HYBRIDGL_PRESETS,
  glclip: GLCLIP_PRESETS,
  samclip: { default: SAMCLIP_PRESET },
} as const;
