import { FILTER_LABELS, IMAGE_FILTERS, type ImageFilter } from '../app/image-filter';

export function FilterBar({ value, onChange }: { value: ImageFilter; onChange: (filter: ImageFilter) => void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label="Show images" data-testid="image-filters">
      {IMAGE_FILTERS.map((filter) => (
        <button
          key={filter}
          role="radio"
          aria-checked={filter === value}
          className={filter === value ? 'active' : ''}
          onClick={() => onChange(filter)}
          data-filter={filter}
        >
          {FILTER_LABELS[filter]}
        </button>
      ))}
    </div>
  );
}
