// `helper integrations`, `helper api-token`, `helper api-allow`, `helper pause|resume`: what the
// Integrações panel shows, and the access to the conversations API.
import type { Command } from 'commander';
import { configuredBase } from '../server/public-addresses.js';
import { outboundUrlProblem } from '../admin-api/imports/outbound-address.js';
import { integrationValues } from '../admin-api/integrations/integration-values.js';
import { CALLBACK_URL_SECRET, callbackUrlState } from '../channels/callback/callback-output.js';
import { facebookStatus, facebookVerifyToken, rotateFacebookVerifyToken, setFacebookGetStartedPayload, setFacebookSecrets, setFacebookUnsupportedReply } from '../channels/facebook/facebook-settings.js';
import { setSocketIoJwtKey, socketIoStatus } from '../channels/socketio/socketio-settings.js';
import { telegramStatus } from '../channels/telegram/telegram-settings.js';
import { whatsAppStatus } from '../channels/whatsapp/whatsapp-settings.js';
import { parseCidr } from '../server/api-access.js';
import {
  printChannelValues,
  setTelegramCommand,
  setWhatsAppCommand,
  telegramWebhookCommand,
  whatsAppVerifyTokenCommand,
  type ChannelSetupOptions,
} from './channel-setup-commands.js';
import type { CliContext } from './cli-context.js';

const assistantOption = '--assistant <server/lang>';

const getStartedText = (values: { getStartedPayload: string; getStartedPayloadIsDefault: boolean }) => `${values.getStartedPayload}${values.getStartedPayloadIsDefault ? ' (default)' : ''}`;
const assistantHelp = 'the assistant, e.g. demo/pt (default: HELPER_DEFAULT_ASSISTANT)';

export function registerIntegrationsCommands(program: Command, cli: CliContext): void {
  program
    .command('integrations')
    .description(
      'the values to copy into 4biz, API Rest clients, Facebook, WhatsApp and Telegram (Integrações); ' +
        '`integrations set facebook --app-secret X --page-access-token Y [--get-started-payload P]` sets the Messenger secrets (and the payload of the Page\'s Get Started button), ' +
        '`integrations set whatsapp --app-secret S --access-token T --phone-number-id ID` sets WhatsApp up (and makes its verify token), ' +
        '`integrations set telegram --bot-token T` sets the Telegram bot, then `integrations telegram-webhook` points its webhook here with a new secret, ' +
        '`integrations set socketio --jwt-key K` makes the web chat require a JWT signed with K (HS256; empty: open again), ' +
        '`integrations facebook-verify-token [--rotate]` and `integrations whatsapp-verify-token [--rotate]` show a verify token (creating Facebook\'s when there is none) or make a new one',
    )
    .argument('[action]', 'set | facebook-verify-token | whatsapp-verify-token | telegram-webhook (none: show the values)')
    .argument('[channel]', 'with set: facebook | whatsapp | telegram | socketio')
    .option(assistantOption, assistantHelp)
    .option('--json', 'print JSON', false)
    .option('--app-secret <secret>', "with set facebook / set whatsapp: the Meta app's secret (an empty value removes it)")
    .option('--page-access-token <token>', 'with set facebook: the Page access token (an empty value removes it)')
    .option('--get-started-payload <payload>', "with set facebook: the payload of the Page's Get Started button, which opens the conversation (an empty value: GET_STARTED)")
    .option('--access-token <token>', 'with set whatsapp: the access token of a system user of the WhatsApp Business account (an empty value removes it)')
    .option('--phone-number-id <id>', "with set whatsapp: the phone number's id in Meta's WhatsApp › API Setup (an empty value removes it)")
    .option('--bot-token <token>', "with set telegram: the bot's token from BotFather (an empty value removes it)")
    .option('--unsupported-reply <text>', 'with set facebook / set whatsapp / set telegram: the answer to messages that are not text (an empty value: no answer)')
    .option('--default-unsupported-reply', 'with set facebook / set whatsapp / set telegram: back to the default answer to messages that are not text')
    .option('--url <url>', "with telegram-webhook: the HTTPS URL Telegram should call (default: the channel's callback URL)")
    .option('--jwt-key <key>', 'with set socketio: the HS256 key web chat JWTs must be signed with (an empty value removes it)')
    .option('--rotate', 'with facebook-verify-token / whatsapp-verify-token: make a new verify token', false)
    .action(
      async (
        action: string | undefined,
        channel: string | undefined,
        options: ChannelSetupOptions & { assistant?: string; json: boolean; pageAccessToken?: string; getStartedPayload?: string; jwtKey?: string },
      ) =>
        cli.run(async (platform) => {
          const assistant = await cli.assistant(platform, options.assistant);
          if (action === 'set' && channel === 'socketio') {
            if (options.jwtKey === undefined) throw new Error('usage: helper integrations set socketio --jwt-key K (an empty K removes it)');
            await setSocketIoJwtKey(platform, assistant, options.jwtKey);
            cli.io.out(`Web chat (socket.io): JWT key ${(await socketIoStatus(platform, assistant)).jwtKey}`);
            return;
          }
          if (action === 'set' && channel === 'whatsapp') return setWhatsAppCommand(cli.io, platform, assistant, options);
          if (action === 'set' && channel === 'telegram') return setTelegramCommand(cli.io, platform, assistant, options);
          if (action === 'set') {
            if (channel !== 'facebook') throw new Error('usage: helper integrations set facebook|whatsapp|telegram|socketio … (see helper integrations --help)');
            const unsupportedReply = options.defaultUnsupportedReply ? null : options.unsupportedReply;
            if (options.appSecret === undefined && options.pageAccessToken === undefined && options.getStartedPayload === undefined && unsupportedReply === undefined) {
              throw new Error('give --app-secret, --page-access-token, --get-started-payload and/or --unsupported-reply');
            }
            if (options.getStartedPayload !== undefined) await setFacebookGetStartedPayload(platform, assistant, options.getStartedPayload);
            if (unsupportedReply !== undefined) await setFacebookUnsupportedReply(platform, assistant, unsupportedReply);
            await setFacebookSecrets(platform, assistant, { appSecret: options.appSecret, pageAccessToken: options.pageAccessToken });
            const status = await facebookStatus(platform, assistant);
            cli.io.out(`Facebook Messenger: app secret ${status.appSecret}, Page access token ${status.pageAccessToken}, Get Started payload ${getStartedText(status)}`);
            return;
          }
          if (action === 'facebook-verify-token') {
            const current = options.rotate ? undefined : await facebookVerifyToken(platform, assistant);
            cli.io.out(current ?? (await rotateFacebookVerifyToken(platform, assistant)));
            return;
          }
          if (action === 'whatsapp-verify-token') return whatsAppVerifyTokenCommand(cli.io, platform, assistant, options);
          if (action === 'telegram-webhook') return telegramWebhookCommand(cli.io, platform, assistant, options);
          if (action !== undefined) throw new Error(`unknown action "${action}": use set, facebook-verify-token, whatsapp-verify-token or telegram-webhook`);
          const facebook = await facebookStatus(platform, assistant);
          const values = integrationValues({
            base: configuredBase(platform.config),
            assistant,
            content: await platform.store.content.load(assistant.id),
            apiToken: await platform.apiAccess.token(assistant),
            facebook,
            socketIo: await socketIoStatus(platform, assistant),
            whatsapp: await whatsAppStatus(platform, assistant),
            telegram: await telegramStatus(platform, assistant),
            callbackUrl: await callbackUrlState(platform, assistant),
          });
          if (options.json) {
            cli.io.out(JSON.stringify(values, null, 2));
            return;
          }
          cli.io.out(`Integrações of ${values.assistant.server}/${values.assistant.language} (${values.assistant.name})`);
          cli.io.out('\n4biz');
          for (const parameter of values.fourBiz.parameters) cli.io.out(`  ${parameter.id} ${parameter.name}: ${parameter.value}`);
          const fallback = values.fourBiz.fallbackMessage;
          cli.io.out(`  ${fallback.id} ${fallback.name}: ${fallback.value ?? '(the assistant has no fallback skill)'}`);
          if (fallback.value !== null && !fallback.mentionsMenu) cli.io.out('  warning: 4biz needs the fallback message to mention "menu"');
          cli.io.out(`  Parameters API token: ${values.fourBiz.parametersApiAuthorisation.token ?? 'not set (create it with helper api-token)'}`);
          cli.io.out(`  Allowed addresses without a token: ${values.fourBiz.parametersApiAuthorisation.allowedAddresses.join(', ') || 'none'}`);
          cli.io.out('\nAPI Rest');
          cli.io.out(`  Endpoint: ${values.apiRest.endpoint}\n  Method: ${values.apiRest.method}\n  Media type: ${values.apiRest.mediaType}`);
          cli.io.out(`  Request: ${JSON.stringify(values.apiRest.request)}`);
          for (const answer of values.apiRest.answers) cli.io.out(`  Answer (${answer.kind}): ${JSON.stringify(answer.example)}`);
          // Whether it is set, never the URL: it may carry the receiving system's key.
          cli.io.out(`  Callback URL (callback channel): ${values.callback.url === 'set' ? 'set' : 'not set (set it with helper callback-url URL)'}`);
          cli.io.out('\nWeb chat');
          cli.io.out(`  Paste on the site: ${values.apiRest.webChat.snippet}`);
          cli.io.out(`  Demo page: ${values.apiRest.webChat.demoPageUrl}`);
          cli.io.out(`  JWT key: ${values.apiRest.webChat.jwtKey}`);
          cli.io.out('\nFacebook Messenger');
          cli.io.out(`  Callback URL: ${values.facebookMessenger.callbackUrl}`);
          cli.io.out(`  Verify Token: ${values.facebookMessenger.verifyToken ?? 'not set (create it with helper integrations facebook-verify-token)'}`);
          cli.io.out(`  Secret: ${values.facebookMessenger.appSecret}`);
          cli.io.out(`  Page Access Token: ${values.facebookMessenger.pageAccessToken}`);
          cli.io.out(`  Get Started payload: ${getStartedText(values.facebookMessenger)}`);
          const reply = values.facebookMessenger;
          cli.io.out(`  Answer to messages that are not text: ${reply.unsupportedReply === '' ? '(none: such messages are only recorded)' : `${reply.unsupportedReply}${reply.unsupportedReplyIsDefault ? ' (default)' : ''}`}`);
          if (values.facebookMessenger.needsNewToken) {
            cli.io.out('  warning: Meta refused the Page access token (error 190); answers are not sent until a new one is set (helper integrations set facebook --page-access-token …)');
          }
          printChannelValues(cli.io, values);
        }),
    );

  program
    .command('api-token')
    .description("show the token of the assistant's conversations API (creating it when there is none), or rotate it")
    .option(assistantOption, assistantHelp)
    .option('--rotate', 'make a new token: the old one, and JWTs signed with it, stop working', false)
    .action(async (options: { assistant?: string; rotate: boolean }) =>
      cli.run(async (platform) => {
        const assistant = await cli.assistant(platform, options.assistant);
        cli.io.out(options.rotate ? await platform.apiAccess.rotate(assistant) : await platform.apiAccess.ensure(assistant));
      }),
    );

  program
    .command('api-allow')
    .description('set the client addresses (CIDRs) that may call the conversations API without a token')
    .argument('[cidrs...]', 'e.g. 10.0.0.0/8 2001:db8::/32; none clears the list')
    .option(assistantOption, assistantHelp)
    .action(async (cidrs: string[], options: { assistant?: string }) =>
      cli.run(async (platform) => {
        const bad = cidrs.filter((cidr) => parseCidr(cidr) === null);
        if (bad.length > 0) throw new Error(`not an address or CIDR: ${bad.join(', ')}`);
        const assistant = await cli.assistant(platform, options.assistant);
        const updated = await platform.store.assistants.update(assistant.id, { apiAllowedCidrs: cidrs });
        cli.io.out(`allowed without a token: ${updated.apiAllowedCidrs.join(', ') || 'none'}`);
      }),
    );

  program
    .command('callback-url')
    .description("set the URL the callback channel POSTs the assistant's messages to (sealed at rest)")
    .argument('[url]', 'http(s) URL; none removes it')
    .option(assistantOption, assistantHelp)
    .action(async (url: string | undefined, options: { assistant?: string }) =>
      cli.run(async (platform) => {
        const assistant = await cli.assistant(platform, options.assistant);
        if (url === undefined) {
          await platform.store.secrets.delete(assistant.id, CALLBACK_URL_SECRET);
          cli.io.out('callback URL removed');
          return;
        }
        // As the Watson URL is checked when it is saved: an address the SSRF guard would refuse at
        // every POST (not public, not in HELPER_OUTBOUND_ALLOW) is refused now, with the reason.
        const problem = await outboundUrlProblem(url, platform.config.outboundAllow);
        if (problem !== undefined) throw new Error(`the callback URL is refused: ${problem}`);
        await platform.store.secrets.set(assistant.id, CALLBACK_URL_SECRET, platform.secrets.encrypt(url, { assistantId: assistant.id, name: CALLBACK_URL_SECRET }));
        cli.io.out('callback URL set');
      }),
    );

  for (const [verb, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    program
      .command(verb)
      .argument('<conversation-id>')
      .description(paused ? 'a human takes the conversation over: the assistant records and stays silent' : 'give the conversation back to the assistant')
      .option(assistantOption, assistantHelp)
      .action(async (conversationId: string, options: { assistant?: string }) =>
        cli.run(async (platform) => {
          const assistant = await cli.assistant(platform, options.assistant);
          await platform.conversations.setPaused(assistant, conversationId, paused, 'cli:operator');
          cli.io.out(`conversation ${conversationId} ${paused ? 'paused' : 'resumed'}`);
        }),
      );
  }
}
