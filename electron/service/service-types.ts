import type { z } from 'zod';
import type { ChannelName, Contract, ResultOf } from '../../shared/contract.ts';
import type { EventMap, EventName } from '../../shared/events.ts';

// One async function per channel, taking the already-validated arguments.
export type Handlers = {
  readonly [C in ChannelName]: (args: z.output<Contract[C]['args']>) => Promise<ResultOf<C>>;
};

export type EventListener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

export type EmitEvent = <E extends EventName>(event: E, payload: EventMap[E]) => void;
