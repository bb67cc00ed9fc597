// `reflabel models compile --family sam --variant sam.encoder|sam.decoder --weights DIR [--out FILE.onnx]`.
import { CliUsageError, parseCommandArgs } from '../../../cli/usage';
import { compileSam, isSamVariant, SAM_VARIANTS } from './compile';

export async function compileSamCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    family: { type: 'string' },
    variant: { type: 'string' },
    weights: { type: 'string' },
    out: { type: 'string' },
  });
  if (positionals.length) throw new CliUsageError(`unexpected argument '${positionals[0]}'`);
  if (values.family !== 'sam') throw new CliUsageError(`--family must be sam here, got '${values.family ?? ''}'`);
  const variant = values.variant ?? '';
  if (!isSamVariant(variant)) throw new CliUsageError(`--variant must be one of ${SAM_VARIANTS.join(', ')}`);
  if (!values.weights) throw new CliUsageError('--weights DIR (the folder with config.json and model.safetensors)');
  const compiled = await compileSam({ weightsDir: values.weights, variant, out: values.out });
  console.log(`compiled ${variant} to ${compiled.path}`);
}
