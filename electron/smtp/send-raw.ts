import nodemailer from 'nodemailer';
import { classifySmtpError } from './classify-smtp-error.ts';
import { smtpTransportOptions } from './smtp-transport-options.ts';
import type { SendRaw, SmtpDelivery } from './smtp-types.ts';

// One connection per message: sending is rare next to reading, and a fresh login means a
// changed password or server setting is picked up at once.
export const sendRaw: SendRaw = async (settings, envelope, raw) => {
  const transport = nodemailer.createTransport(smtpTransportOptions(settings));
  try {
    const info = await transport.sendMail({ envelope: { from: envelope.from, to: [...envelope.to] }, raw });
    const rejectedErrors = info.rejectedErrors ?? [];
    const delivery: SmtpDelivery = {
      accepted: info.accepted.map(String),
      rejected: info.rejected.map((address, index) => ({
        address,
        reason: rejectedErrors[index]?.response ?? rejectedErrors[index]?.message ?? 'refused',
      })),
      response: info.response,
    };
    return delivery;
  } catch (error) {
    throw classifySmtpError(error, settings);
  } finally {
    transport.close();
  }
};
