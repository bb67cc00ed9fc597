// The category of the answer: pick one of the dataset's, or name a new one.
import { useState, type FormEvent } from 'react';
import type { Category } from '../../../shared/domain';

const NEW = '__new__';

export function CategoryPicker({
  categories,
  value,
  onChange,
  onCreate,
}: {
  categories: readonly Category[];
  value: number | null;
  onChange: (categoryId: number | null) => void;
  onCreate: (name: string) => Promise<void>;
}) {
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');

  async function create(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return;
    await onCreate(name.trim());
    setName('');
    setAdding(false);
  }

  return (
    <div className="category-picker">
      <label>
        <span>Category</span>
        <select
          value={value === null ? '' : String(value)}
          data-testid="category-select"
          onChange={(e) => {
            if (e.target.value === NEW) setAdding(true);
            else onChange(e.target.value === '' ? null : Number(e.target.value));
          }}
        >
          <option value="">(none)</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
          <option value={NEW}>New category…</option>
        </select>
      </label>
      {adding && (
        <form onSubmit={create} className="row">
          <input
            type="text"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. horse"
            aria-label="New category name"
            data-testid="category-new"
            autoFocus
            onKeyDown={(e) => {
              if (e.key === 'Escape') setAdding(false);
            }}
          />
          <button type="submit" disabled={!name.trim()}>
            Add
          </button>
        </form>
      )}
    </div>
  );
}
