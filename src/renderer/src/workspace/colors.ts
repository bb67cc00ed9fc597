// Mask colours: one per method (its column, previews and compare views), one per decision state.
import type { AnnotationStatus } from '../../../shared/domain';
import type { MaskStyle, Rgb } from './mask-raster';

const METHOD_PALETTE: readonly Rgb[] = [
  [59, 130, 246],
  [236, 72, 153],
  [249, 115, 22],
  [168, 85, 247],
  [20, 184, 166],
  [234, 179, 8],
];

export function methodColor(index: number): Rgb {
  return METHOD_PALETTE[index % METHOD_PALETTE.length];
}

export function cssColor([r, g, b]: Rgb): string {
  return `rgb(${r} ${g} ${b})`;
}

export const PREVIEW_ALPHA = { fillAlpha: 90, edgeAlpha: 255 } as const;

export function previewStyle(color: Rgb): MaskStyle {
  return { color, ...PREVIEW_ALPHA };
}

/** The mask being worked on, by its decision state; an empty answer is drawn as accepted once painted. */
export function answerStyle(status: AnnotationStatus | null): MaskStyle {
  switch (status) {
    case 'needs-review':
      return { color: [245, 158, 11], fillAlpha: 80, edgeAlpha: 255 };
    case 'rejected':
      return { color: [239, 68, 68], fillAlpha: 40, edgeAlpha: 200 };
    default:
      return { color: [34, 197, 94], fillAlpha: 80, edgeAlpha: 255 };
  }
}

/** Other expressions' answers: present but quiet, so the one being decided stands out. */
export const OTHER_ANSWER_STYLE: MaskStyle = { color: [148, 163, 184], fillAlpha: 60, edgeAlpha: 170 };
export const GROUND_TRUTH_STYLE: MaskStyle = { color: [56, 189, 248], fillAlpha: 0, edgeAlpha: 230 };
