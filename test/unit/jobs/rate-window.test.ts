import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRateWindow, etaSeconds } from '../../../src/main/jobs/rate-window';

test('rate is null until an item has finished', () => {
  const w = createRateWindow();
  w.start(0);
  assert.equal(w.rate(500), null);
});

test('a steady 10 items/s reads as 10 items/s', () => {
  const w = createRateWindow();
  w.start(0);
  for (let i = 1; i <= 10; i++) w.record(i * 100);
  assert.equal(w.rate(1000), 10);
});

test('a fast job is measured over the time window, not over its last few items', () => {
  const w = createRateWindow({ minSamples: 20, windowMs: 1000 });
  w.start(0);
  for (let i = 1; i <= 10; i++) w.record(i * 1000); // 1 item/s up to t = 10 s
  for (let i = 1; i <= 200; i++) w.record(10_000 + i * 10); // then 100 items/s up to t = 12 s
  // The window reaches back to the completion at 11 s; the whole-run average would be 210 / 12 = 17.5.
  assert.equal(w.rate(12_000), 100);
  // Read 100 ms after the last item: 90 items in the last second (20 items over 0.3 s would say 67).
  assert.equal(w.rate(12_100), 90);
});

test('a slow job is measured over its last minSamples items', () => {
  const w = createRateWindow({ minSamples: 20, windowMs: 100 });
  w.start(0);
  for (let i = 1; i <= 10; i++) w.record(i * 1000); // 1 item/s up to t = 10 s
  for (let i = 1; i <= 20; i++) w.record(10_000 + i * 10); // then 100 items/s
  // The last 20 completions span 10.000 s → 10.200 s.
  assert.equal(w.rate(10_200), 100);
});

test('a stalled job decays: the rate is measured up to now', () => {
  const w = createRateWindow({ minSamples: 2, windowMs: 1000 });
  w.start(0);
  for (let i = 1; i <= 5; i++) w.record(i * 100);
  // At 5 s the window keeps its last two completions, measured from the one at 0.3 s: 2 items over 4.7 s.
  assert.equal(w.rate(5000), 2 / 4.7);
});

test('start() forgets an earlier run, so downtime between runs does not count', () => {
  const w = createRateWindow();
  w.start(0);
  w.record(1000);
  w.start(100_000);
  w.record(100_500);
  assert.equal(w.rate(100_500), 2);
  assert.equal(w.rate(101_000), 1);
});

test('etaSeconds divides what is left by the rate', () => {
  assert.equal(etaSeconds(100, 4), 25);
  assert.equal(etaSeconds(0, null), 0);
  assert.equal(etaSeconds(5, null), null);
  assert.equal(etaSeconds(5, 0), null);
});
