// Export in the spine's formats, then the ExportReport: what was written and what the user must know about it.
import { useState, type FormEvent } from 'react';
import type {
  DatasetSummary,
  ExportFormat,
  ExportInclude,
  ExportReport,
  SegmentationFormat,
} from '../../../shared/domain';
import { useApi } from '../api-context';
import { Dialog } from '../app/Dialog';
import { formatCount } from '../app/format';
import { errorMessage } from '../app/use-load';

const FORMATS: { value: ExportFormat; label: string; hint: string }[] = [
  { value: 'coco', label: 'COCO instances JSON', hint: 'one .json file' },
  { value: 'refcoco', label: 'RefCOCO refs + instances', hint: 'a folder: instances.json and refs(reflabel).json' },
  { value: 'png', label: 'PNG masks', hint: 'a folder with one PNG per annotation' },
];

const INCLUDES: { value: ExportInclude; label: string }[] = [
  { value: 'accepted', label: 'Accepted annotations' },
  { value: 'gt', label: 'Accepted + imported ground truth' },
  { value: 'all', label: 'Every annotation, whatever its status' },
];

function defaultOut(root: string, format: ExportFormat): string {
  const base = root.replace(/[\\/]+$/, '');
  return format === 'coco' ? `${base}/reflabel-export/instances.json` : `${base}/reflabel-export/${format}`;
}

export function ExportDialog({ dataset, onClose }: { dataset: DatasetSummary; onClose: () => void }) {
  const client = useApi();
  const [format, setFormat] = useState<ExportFormat>('coco');
  const [segmentation, setSegmentation] = useState<SegmentationFormat>('rle');
  const [include, setInclude] = useState<ExportInclude>('accepted');
  const [out, setOut] = useState(() => defaultOut(dataset.root, 'coco'));
  const [outEdited, setOutEdited] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ExportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const chooseFormat = (next: ExportFormat) => {
    setFormat(next);
    if (!outEdited) setOut(defaultOut(dataset.root, next));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(
        await client.call('export.run', { datasetId: dataset.id, format, out: out.trim(), segmentation, include }),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Export ${dataset.name}`} onClose={onClose} testId="export-dialog">
      <form onSubmit={submit} className="stack">
        <fieldset>
          <legend>Format</legend>
          {FORMATS.map((f) => (
            <label key={f.value} className="radio">
              <input
                type="radio"
                name="format"
                value={f.value}
                checked={format === f.value}
                onChange={() => chooseFormat(f.value)}
              />
              <span>
                {f.label} <span className="muted small">({f.hint})</span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset disabled={format === 'png'}>
          <legend>Masks as</legend>
          <label className="radio">
            <input type="radio" name="seg" checked={segmentation === 'rle'} onChange={() => setSegmentation('rle')} />
            <span>Compressed RLE (exact)</span>
          </label>
          <label className="radio">
            <input
              type="radio"
              name="seg"
              checked={segmentation === 'polygon'}
              onChange={() => setSegmentation('polygon')}
            />
            <span>
              Polygons <span className="muted small">(holes and tiny parts may be lost; the report says where)</span>
            </span>
          </label>
        </fieldset>
        <label>
          <span>Include</span>
          <select
            value={include}
            onChange={(e) => setInclude(e.target.value as ExportInclude)}
            data-testid="export-include"
          >
            {INCLUDES.map((i) => (
              <option key={i.value} value={i.value}>
                {i.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Write to</span>
          <input
            type="text"
            value={out}
            onChange={(e) => {
              setOut(e.target.value);
              setOutEdited(true);
            }}
            spellCheck={false}
            data-testid="export-out"
          />
        </label>
        <p className="muted small">
          This dataset has {formatCount(dataset.accepted)} accepted annotations, {formatCount(dataset.groundTruth)}{' '}
          ground-truth annotations and {formatCount(dataset.expressions)} expressions.
        </p>
        <div className="row end">
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button className="primary" type="submit" disabled={busy || out.trim() === ''} data-testid="export-submit">
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {error && (
          <p className="error" role="alert" data-testid="export-error">
            {error}
          </p>
        )}
        {report && (
          <div className="notice" data-testid="export-report">
            <p>
              Wrote {formatCount(report.images)} images, {formatCount(report.annotations)} annotations
              {report.format !== 'coco' && `, ${formatCount(report.expressions)} expressions`} to{' '}
              <code>{report.out}</code>.
            </p>
            {report.warnings.length > 0 && (
              <ul className="warnings" data-testid="export-warnings">
                {report.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </Dialog>
  );
}
