// The step of the inbound pipeline where a per-sender rate limit decides whether a message is
// handled at all: every push channel asks it for each message after the signature and the
// dedupe, before the turn is recorded. The platform passes its limiter in the ChannelContext;
// `admitEveryone` is the one used until a limiter is configured.

export interface InboundSender {
  assistantId: number;
  /** The input channel: whatsapp, telegram, facebook… */
  channel: string;
  /** The conversation id on that channel. */
  sender: string;
}

export interface InboundThrottle {
  /** False: the message is acknowledged to the platform but dropped (not recorded, not answered). */
  admit(sender: InboundSender): Promise<boolean>;
}

export const admitEveryone: InboundThrottle = {
  admit: async () => true,
};
