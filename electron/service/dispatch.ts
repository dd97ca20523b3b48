// The service boundary: every request from any transport passes through here.
// It parses the arguments with the channel's schema and turns every outcome into
// a result envelope, so nothing thrown in main ever crosses to the renderer raw.
import { contract, isChannelName } from '../../shared/contract.ts';
import { fail, LetterboxError, ok, type Result } from '../../shared/errors.ts';
import type { Handlers } from './service-types.ts';
import { holdHeapSettle } from '../settle-heap.ts';
import { diskFullForChange, isDiskFull } from '../local/disk-write-error.ts';

export type Dispatch = (channel: unknown, rawArgs: unknown) => Promise<Result<unknown>>;

export function createDispatch(handlers: Handlers, logError: (error: unknown) => void): Dispatch {
  return async function dispatch(channel, rawArgs) {
    if (!isChannelName(channel)) {
      return fail('unknown-channel', `There is no request named ${describe(channel)}.`);
    }
    const parsed = contract[channel].args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      return fail('invalid-argument', `${where}${issue?.message ?? 'The request was not valid.'}`);
    }
    // No heap settling while a request runs (settle-heap.ts).
    const settled = holdHeapSettle();
    try {
      const handler = handlers[channel] as (args: unknown) => Promise<unknown>;
      return ok(await handler(parsed.data));
    } catch (error) {
      if (error instanceof LetterboxError) {
        if (error.certificate === undefined) return fail(error.code, error.message);
        return { ok: false, error: { code: error.code, message: error.message, certificate: error.certificate } };
      }
      logError(error);
      // A write the store refused for want of space is not a fault in Letterbox: said as
      // what it is, where the user can do something about it.
      if (isDiskFull(error)) return fail('storage', diskFullForChange);
      return fail('internal', 'Something went wrong inside Letterbox. The details are in the log.');
    } finally {
      settled();
    }
  };
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 60)) : `of type ${typeof value}`;
}
