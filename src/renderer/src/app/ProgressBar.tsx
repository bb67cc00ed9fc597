import { percent } from './format';

export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const value = percent(done, total);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
    >
      <div className="progress-fill" style={{ width: `${value}%` }} />
    </div>
  );
}
