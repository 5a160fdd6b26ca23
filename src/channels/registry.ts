// Every channel the platform serves. A new channel (WhatsApp, Telegram…) is a new folder beside
// rest/ and one line here.
import type { ChannelDefinition } from './channel.js';
import { callbackChannel } from './callback/callback-channel.js';
import { facebookChannel } from './facebook/facebook-channel.js';
import { restChannel } from './rest/rest-channel.js';
import { socketIoChannel } from './socketio/socketio-channel.js';
import { telegramChannel } from './telegram/telegram-channel.js';
import { whatsAppChannel } from './whatsapp/whatsapp-channel.js';

export const channels: readonly ChannelDefinition[] = [restChannel, callbackChannel, facebookChannel, socketIoChannel, whatsAppChannel, telegramChannel];
