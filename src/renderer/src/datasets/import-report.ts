// The ImportReport a finished import job carries in `job.result`, read defensively: a job's result is free-form.
import type { ImportReport, Job } from '../../../shared/domain';

export function importReportOf(job: Job): ImportReport | null {
  const r = job.result as Partial<ImportReport> | null;
  if (!r || typeof r.datasetId !== 'number' || typeof r.images !== 'number') return null;
  return {
    datasetId: r.datasetId,
    images: r.images,
    categories: r.categories ?? 0,
    annotations: r.annotations ?? 0,
    expressions: r.expressions ?? 0,
    warnings: Array.isArray(r.warnings) ? r.warnings.map(String) : [],
  };
}

export function describeImport(report: ImportReport): string {
  const parts = [`Imported ${report.images} images`];
  if (report.annotations) parts.push(`${report.annotations} annotations`);
  if (report.expressions) parts.push(`${report.expressions} expressions`);
  if (report.categories) parts.push(`${report.categories} categories`);
  return `${parts.join(', ')}.`;
}
