// A real OpenID Connect identity provider for the SSO tests: panva's oidc-provider (certified),
// standing in for the municipality's IdP. Started by tests/sso_idp.py on a free port; never used in
// production. Its own login page checks a password; consent is given for the one first-party client.
//
// Environment: IDP_PORT, IDP_CLIENT_ID, IDP_CLIENT_SECRET, IDP_REDIRECT_URIS (space separated).
// Prints "READY <issuer>" when it listens.
import crypto from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const port = Number(process.env.IDP_PORT);
const issuer = `http://127.0.0.1:${port}`;
const PASSWORD = 'IdP-test-2026';

// The test users and the claims the municipality's directory would send: role and data scope.
const ACCOUNTS = {
  'lise.leder': {
    given_name: 'Lise', family_name: 'Lund', email: 'lise.leder@ballerup.example',
    roles: ['Leder'], units: ['Socialpsykiatrien'],
  },
  'sune.skp': {
    given_name: 'Sune', family_name: 'Storm', email: 'sune.skp@ballerup.example',
    roles: ['Medarbejder'], units: ['SKP-teamet'],
  },
  'rolf.uden.rolle': {
    given_name: 'Rolf', family_name: 'Rasmussen', email: 'rolf@ballerup.example',
    roles: ['Borgerservice'], units: ['SKP-teamet'],
  },
};

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-idp', use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.IDP_CLIENT_ID,
    client_secret: process.env.IDP_CLIENT_SECRET,
    redirect_uris: process.env.IDP_REDIRECT_URIS.split(' '),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [jwk] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  claims: {
    openid: ['sub'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    email: ['email', 'email_verified'],
    tovholder: ['roles', 'units'],
  },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id, preferred_username: id, name: `${account.given_name} ${account.family_name}`,
          email_verified: true, ...account,
        };
      },
    };
  },
});

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, error) {
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Kommunens login (test)</title></head>
<body><main><h1>Kommunens login (test-IdP)</h1>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<p><label for="login">Bruger-id</label> <input id="login" name="login" autocomplete="username" required></p>
<p><label for="password">Adgangskode</label> <input id="password" name="password" type="password" required></p>
<button type="submit">Log ind hos kommunen</button></form></main></body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return Object.fromEntries(new URLSearchParams(body));
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt, params } = details;
  if (prompt.name === 'login') {
    if (req.method === 'POST') {
      const form = await readForm(req);
      if (ACCOUNTS[form.login] && form.password === PASSWORD) {
        await provider.interactionFinished(req, res, { login: { accountId: form.login } },
          { mergeWithLastSubmission: false });
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(loginPage(uid, 'Forkert bruger-id eller adgangskode.'));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(loginPage(uid));
    return;
  }
  // consent: the municipality's own application is granted what it asks for
  const grant = details.grantId ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const callback = provider.callback();
http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Fejl i login: ${err.message}`);
    });
    return;
  }
  callback(req, res);
}).listen(port, '127.0.0.1', () => {
  console.log(`READY ${issuer}`);
});
