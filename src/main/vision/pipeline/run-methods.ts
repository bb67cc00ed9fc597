// One method on one expression: the text features it needs from the parse, the image features it needs from the
// per-image cache, then the pure method. Text features are computed per expression (they are cheap); image
// features come from ImageFeatures and are shared by every method and expression on the image.
import type { ExpressionParse } from '../../nlp';
import type { ClipTokenizer } from '../clip-tokenizer/tokenizer';
import { type CoPatchParams, runCoPatch } from '../methods/copatch';
import { type GlClipParams, runGlClip, runSamClip } from '../methods/glclip';
import { type HybridGLParams, checkHybridGLParams, runHybridGL } from '../methods/hybridgl';
import type { MethodResult } from '../methods/shared/types';
import type { ClipModels } from './clip-models';
import { gemMap } from './gem-map';
import { hybridGLText } from './hybridgl-text';
import type { ImageFeatures } from './image-features';

export type PipelineMethod = 'glclip' | 'samclip' | 'copatch' | 'hybridgl';

export const PIPELINE_METHODS: readonly PipelineMethod[] = ['glclip', 'samclip', 'copatch', 'hybridgl'];

export interface PipelineParams {
  glclip: GlClipParams;
  samclip: GlClipParams;
  copatch: CoPatchParams;
  hybridgl: HybridGLParams;
}

export interface MethodContext {
  clip: ClipModels;
  tokenizer: ClipTokenizer;
  parse: ExpressionParse;
  features: ImageFeatures;
  image: { width: number; height: number };
}

/** CoPatch's N_O + " " + N_C: the primary noun (the root noun phrase without one) and the context tokens. */
export function nounContextText(parse: ExpressionParse): string {
  return [parse.primaryNoun ?? parse.rootNounPhrase, ...parse.contextTokens].join(' ').trim() || parse.text;
}

export async function runMethod(
  method: PipelineMethod,
  ctx: MethodContext,
  params: PipelineParams,
): Promise<MethodResult<unknown>> {
  const { clip, tokenizer, parse, features } = ctx;
  const root = parse.rootNounPhrase || parse.text;
  switch (method) {
    case 'glclip': {
      const p = params.glclip;
      const [sentenceFeature, rootPhraseFeature] = await clip.textFeatures(tokenizer, [parse.text, root]);
      const localFeatures = await features.localFeatures();
      const globalFeatures = p.alpha > 0 ? await features.globalFeatures(p.maskingBlock) : undefined;
      return runGlClip({ sentenceFeature, rootPhraseFeature, localFeatures, globalFeatures }, p);
    }
    case 'samclip': {
      const [sentenceFeature, rootPhraseFeature] = await clip.textFeatures(tokenizer, [parse.text, root]);
      return runSamClip(
        { sentenceFeature, rootPhraseFeature, localFeatures: await features.localFeatures() },
        params.samclip,
      );
    }
    case 'copatch': {
      const p = params.copatch;
      const [sentenceFeature, nounContextFeature] = await clip.textFeatures(tokenizer, [
        parse.text,
        nounContextText(parse),
      ]);
      const localFeatures = await features.localFeatures();
      // CoPatch's initial score is GL-CLIP's (§1.5), so its global stream masks from GL-CLIP's block.
      const globalFeatures = await features.globalFeatures(params.glclip.maskingBlock);
      return runCoPatch(
        {
          imageWidth: ctx.image.width,
          imageHeight: ctx.image.height,
          proposals: [...features.proposals],
          globalFeatures,
          localFeatures,
          patchFeatures: await features.patchFeatures(p.exitLayer),
          gridWidth: clip.grid,
          gridHeight: clip.grid,
          sentenceFeature,
          nounContextFeature,
        },
        p,
      );
    }
    case 'hybridgl': {
      const p = params.hybridgl;
      // Bad settings fail before any image work rather than after it.
      checkHybridGLParams(p);
      const text = hybridGLText(parse);
      const [sentenceFeature, rootPhraseFeature, gemFeature, ...otherPhraseFeatures] = await clip.textFeatures(
        tokenizer,
        [text.sentence, text.rootPhrase, text.gemPrompt, ...text.otherPhrases],
      );
      const gemPatches = await features.gemPatchFeatures(p.gemImageSize, p.gemBlocks);
      return runHybridGL(
        {
          imageWidth: ctx.image.width,
          imageHeight: ctx.image.height,
          proposals: [...features.proposals],
          proposalFeatures: await features.hybridFeatures(p),
          sentenceFeature,
          rootPhraseFeature,
          otherPhraseFeatures,
          gemMap: gemMap(gemPatches, clip.gridOf(p.gemImageSize), gemFeature),
          language: text.language,
        },
        p,
      );
    }
  }
}
