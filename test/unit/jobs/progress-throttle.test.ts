import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { createProgressThrottle } from '../../../src/main/jobs/progress-throttle';

function setup() {
  mock.timers.enable({ apis: ['setTimeout'] });
  let t = 0;
  const fired: Array<[number, number]> = [];
  const throttle = createProgressThrottle(
    100,
    (key) => fired.push([key, t]),
    () => t,
  );
  const advance = (ms: number) => {
    t += ms;
    mock.timers.tick(ms);
  };
  return { throttle, fired, advance };
}

test('a burst gives one notification now and one trailing at the end of the interval', (t) => {
  t.after(() => mock.timers.reset());
  const { throttle, fired, advance } = setup();
  throttle.request(1);
  advance(10);
  throttle.request(1);
  advance(40);
  throttle.request(1);
  assert.deepEqual(fired, [[1, 0]]);
  advance(50);
  assert.deepEqual(fired, [
    [1, 0],
    [1, 100],
  ]);
  advance(500);
  assert.equal(fired.length, 2);
});

test('flush fires at once and drops the trailing notification', (t) => {
  t.after(() => mock.timers.reset());
  const { throttle, fired, advance } = setup();
  throttle.request(1);
  advance(50);
  throttle.request(1);
  advance(10);
  throttle.flush(1);
  advance(500);
  assert.deepEqual(fired, [
    [1, 0],
    [1, 60],
  ]);
});

test('keys are throttled independently, and clear drops what is scheduled', (t) => {
  t.after(() => mock.timers.reset());
  const { throttle, fired, advance } = setup();
  throttle.request(1);
  throttle.request(2);
  advance(20);
  throttle.request(1);
  throttle.request(2);
  throttle.clear();
  advance(500);
  assert.deepEqual(fired, [
    [1, 0],
    [2, 0],
  ]);
});
