import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressDeadline, StepWatchdog, stepDeadlines } from './progress-deadline.ts';

describe('ProgressDeadline', () => {
  it('expires after one window when a trickle brings fewer bytes than the minimum', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      let expired = 0;
      const deadline = new ProgressDeadline(stepDeadlines(1000, 100), () => (expired += 1));
      deadline.arm();
      for (let tick = 0; tick < 9; tick += 1) {
        deadline.received(1);
        mock.timers.tick(100);
      }
      assert.equal(expired, 0);
      mock.timers.tick(100);
      assert.equal(expired, 1);
      assert.equal(deadline.expired, true);
    } finally {
      mock.timers.reset();
    }
  });

  it('keeps a step alive for as long as each window brings enough bytes', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      let expired = 0;
      const deadline = new ProgressDeadline(stepDeadlines(1000, 100), () => (expired += 1));
      deadline.arm();
      for (let window = 0; window < 5; window += 1) {
        deadline.received(150);
        mock.timers.tick(1000);
      }
      assert.equal(expired, 0);
      mock.timers.tick(1000);
      assert.equal(expired, 1);
    } finally {
      mock.timers.reset();
    }
  });

  it('never fires once disarmed', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      let expired = 0;
      const deadline = new ProgressDeadline(stepDeadlines(1000, 100), () => (expired += 1));
      deadline.arm();
      deadline.disarm();
      mock.timers.tick(5000);
      assert.equal(expired, 0);
    } finally {
      mock.timers.reset();
    }
  });
});

describe('StepWatchdog', () => {
  it('names the oldest pending step when the deadline passes', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const expired: string[] = [];
      const watchdog = new StepWatchdog(stepDeadlines(1000, 100), (step) => expired.push(step));
      const never = new Promise<void>(() => undefined);
      void watchdog.run('the SELECT command', () => never);
      void watchdog.run('the FETCH command', () => never);
      mock.timers.tick(1000);
      assert.deepEqual(expired, ['the SELECT command']);
      assert.equal(watchdog.expiredStep, 'the SELECT command');
    } finally {
      mock.timers.reset();
    }
  });

  it('counts each finished step as progress and stops when nothing is pending', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const expired: string[] = [];
      const watchdog = new StepWatchdog(stepDeadlines(1000, 100), (step) => expired.push(step));
      await watchdog.run('the NOOP command', () => Promise.resolve());
      mock.timers.tick(10_000);
      assert.deepEqual(expired, []);
    } finally {
      mock.timers.reset();
    }
  });
});
