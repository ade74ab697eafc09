# The platform: one Node process serving the portal, GraphQL and /healthz (see docker-compose.yml).
FROM node:20-bookworm-slim

WORKDIR /app

# Dependencies first, so the layer is reused while only sources change. Dev dependencies are
# needed to build the web (vite, svelte); NODE_ENV is set to production only after the build.
COPY package.json package-lock.json ./
RUN npm ci --include=dev --no-audit --no-fund

COPY . .
RUN npm run build:web

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data

# Run as the image's unprivileged `node` user; only the data volume is writable.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]

EXPOSE 3000

CMD ["npx", "tsx", "server/main.ts"]
