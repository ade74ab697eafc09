import { ConfigError, loadSettings, settingDescriptions, settingsSchema } from './config.ts';
import { startPlatform } from './platform.ts';

/** `tsx server/main.ts [--demo]`: starts the platform; settings come from the environment. */
async function main() {
  const args = new Set(process.argv.slice(2));
  if (args.has('--help')) {
    console.log('Settings (environment variables):');
    for (const key of Object.keys(settingsSchema.shape))
      console.log(
        `  ${key.padEnd(24)} ${settingDescriptions[key as keyof typeof settingDescriptions]}`,
      );
    return;
  }
  if (args.has('--demo')) process.env.DEMO ??= 'true';
  let settings;
  try {
    settings = loadSettings();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const running = await startPlatform(settings);
  const shown = running.url.replace('127.0.0.1', 'localhost');
  const lines = [
    `Portal and GraphQL: ${shown}  (GraphQL at ${shown}/graphql, health at ${shown}/healthz)`,
  ];
  for (const c of running.created)
    lines.push(
      `Created ${c.role} ${c.email} with password: ${c.password}   (shown once — ${c.mustChange ? 'you choose your own at first sign-in' : 'keep it'})`,
    );
  console.log(`\n${lines.join('\n')}\n`);
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
