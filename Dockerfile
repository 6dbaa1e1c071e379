# The worker (and simulator) image used by docker-compose.yml. The workflow bundle is built into the image
# (`npm run build`), so workers start from it instead of bundling at every start. `npm run worker` stops gracefully
# on SIGTERM (docker stop): running activities finish within the shutdown grace time.
FROM node:20.20.2-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# glibc gives each of Temporal core's threads its own allocation arena otherwise: ~15 MiB more per worker, more with
# many cached runs (docs/deploying.md "Worker memory").
ENV MALLOC_ARENA_MAX=2
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
RUN npm run build
USER node
# Signals go straight to node (not through npm), so SIGTERM reaches the worker's shutdown handler. Node with tsx's
# loader, not the tsx command: that one runs the worker in a second node process (~45 MiB more per container, and a
# signal has to be relayed to it). Memory for many waiting workflows: docs/deploying.md "Worker memory".
CMD ["node", "--import", "tsx", "workers/main.ts"]
