// The image grid's filters, in the order the filter bar shows them; the API declares the same names.
import type { z } from 'zod';
import type { imageFilterSchema } from '../../../shared/api';

export type ImageFilter = z.output<typeof imageFilterSchema>;

export const IMAGE_FILTERS: readonly ImageFilter[] = [
  'all',
  'unlabelled',
  'needs-review',
  'accepted',
  'has-ground-truth',
];

export const FILTER_LABELS: Record<ImageFilter, string> = {
  all: 'All',
  unlabelled: 'Unlabelled',
  'needs-review': 'Needs review',
  accepted: 'Accepted',
  'has-ground-truth': 'Has ground truth',
};
