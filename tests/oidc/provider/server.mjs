// A real OpenID Provider (panva/oidc-provider, certified) for the tests of tests/oidc.
// Started by the test on loopback:  node server.mjs <port> <config.json>
// config.json: {"clients": [...oidc-provider client metadata...],
//               "accounts": {"<login>": {"password": "...", "claims": {...}, "amr": [...], "acr": "..."}}}
// Its own login page (GET/POST /interaction/<uid>) checks the password and grants the
// requested scopes at once (no separate consent step), so a test posts one form.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const [port, configPath] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: config.clients,
  findAccount: async (ctx, id) => {
    const account = config.accounts[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account.claims }) };
  },
  claims: {
    // How the person signed in goes into every ID token (amr "mfa" when a second factor
    // was used), as Entra ID and Keycloak send it.
    openid: ['sub', 'amr', 'acr', 'auth_time'],
    email: ['email', 'email_verified'],
    // As an Entra ID app registration or a Keycloak group mapper does: the groups come
    // with the profile, which the app asks for (openid email profile).
    profile: ['name', 'given_name', 'family_name', 'groups', 'roles'],
  },
  scopes: ['openid', 'email', 'profile', 'offline_access'],
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
  },
  conformIdTokenClaims: false, // the claims go into the ID token, as Entra ID and Keycloak do
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['test-only-cookie-key'] },
  pkce: { required: () => false },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, IdToken: 600, AccessToken: 600,
         AuthorizationCode: 60 },
});
provider.proxy = false;

function page(res, status, body) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html><body>${body}</body></html>`);
}

async function readForm(req) {
  let data = '';
  for await (const chunk of req) data += chunk;
  return new URLSearchParams(data);
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    return page(res, 200, `<h1>Test identity provider</h1>
      <form method="post" action="/interaction/${details.uid}">
        <input name="login"><input name="password" type="password">
        <button type="submit">Sign in</button></form>`);
  }
  const form = await readForm(req);
  const login = form.get('login') || '';
  const account = config.accounts[login];
  if (!account || account.password !== form.get('password')) {
    return page(res, 401, '<p id="error">Wrong user name or password</p>');
  }
  const grant = new provider.Grant({ accountId: login, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope || 'openid'));
  const grantId = await grant.save();
  const result = {
    login: { accountId: login, amr: account.amr || ['pwd'], acr: account.acr || undefined },
    consent: { grantId },
  };
  return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

const handler = provider.callback();
createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => page(res, 500, `<pre>${String(err)}</pre>`));
    return;
  }
  handler(req, res);
}).listen(Number(port), '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
