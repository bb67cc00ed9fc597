// `reflabel models compile --family clip --weights DIR --variant V [options] [--out FILE.onnx]`: writes a
// self-contained graph whose weights stay in DIR/model.safetensors as external data.
import { CliUsageError, parseCommandArgs } from '../../cli/usage';
import { compileClip } from './compile';
import { CLIP_VARIANTS, type ClipVariant, type ClipVariantName, type ImageSize } from './variant';

export const CLIP_COMPILE_USAGE =
  'models compile --family clip --weights DIR --variant clip.text|clip.image|clip.image.token-mask|' +
  'clip.image.mask-cls|clip.image.hybrid|clip.image.gem [--taps 8,10] [--patch-taps 8] [--size 448|HxW] ' +
  '[--from-block 9] [--gem-blocks 6] [--layer final|penultimate] [--dtype float32|float16] [--out FILE.onnx]';

function layers(value: string | undefined, name: string): number[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(',').map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isInteger(n))) throw new CliUsageError(`--${name} takes whole layer numbers, like 8,10`);
  return list;
}

function whole(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliUsageError(`--${name} takes a whole number, got '${value}'`);
  return n;
}

function size(value: string | undefined): ImageSize | undefined {
  if (value === undefined) return undefined;
  const parts = value.split('x').map(Number);
  if (parts.length === 1 && Number.isInteger(parts[0])) return parts[0];
  if (parts.length === 2 && parts.every(Number.isInteger)) return [parts[0], parts[1]];
  throw new CliUsageError(`--size takes 448 or HxW like 336x448, got '${value}'`);
}

export function clipVariantFromArgs(values: Record<string, string | undefined>): ClipVariant {
  const name = values.variant as ClipVariantName;
  if (!CLIP_VARIANTS.includes(name)) throw new CliUsageError(`--variant must be one of ${CLIP_VARIANTS.join(', ')}`);
  const imageSize = size(values.size);
  switch (name) {
    case 'clip.text':
      return { variant: name };
    case 'clip.image':
      return {
        variant: name,
        imageSize,
        taps: layers(values.taps, 'taps'),
        patchTaps: layers(values['patch-taps'], 'patch-taps'),
      };
    case 'clip.image.token-mask':
    case 'clip.image.hybrid':
      // GL-CLIP and HybridGL both start masking at block 9 (METHODS.md §2, §4).
      return { variant: name, imageSize, fromBlock: whole(values['from-block'], 'from-block', 9) };
    case 'clip.image.mask-cls': {
      const layer = values.layer ?? 'final';
      if (layer !== 'final' && layer !== 'penultimate') throw new CliUsageError('--layer must be final or penultimate');
      return { variant: name, imageSize, layer };
    }
    case 'clip.image.gem':
      return { variant: name, imageSize, gemBlocks: whole(values['gem-blocks'], 'gem-blocks', 6) };
  }
}

export async function compileClipCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    family: { type: 'string' },
    variant: { type: 'string' },
    weights: { type: 'string' },
    out: { type: 'string' },
    taps: { type: 'string' },
    'patch-taps': { type: 'string' },
    size: { type: 'string' },
    'from-block': { type: 'string' },
    'gem-blocks': { type: 'string' },
    layer: { type: 'string' },
    dtype: { type: 'string' },
  });
  if (positionals.length) throw new CliUsageError(`unexpected argument '${positionals[0]}'`);
  if (!values.weights) throw new CliUsageError('--weights DIR (the folder with config.json and model.safetensors)');
  const dtype = values.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float16') throw new CliUsageError('--dtype must be float32 or float16');
  const compiled = await compileClip({
    weightsDir: values.weights,
    variant: clipVariantFromArgs(values),
    dtype,
    out: values.out,
  });
  console.log(`compiled ${compiled.key} to ${compiled.path}`);
  console.log(`  inputs:  ${compiled.inputs.map((v) => v.name).join(', ')}`);
  console.log(`  outputs: ${compiled.outputs.map((v) => v.name).join(', ')}`);
}
