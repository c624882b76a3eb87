# Desertion Monitor: the read-only dashboard (default target) and the HAProxy balancer (target `balancer`),
# both on Debian 12 with Debian's own python3, chromium (image and deck exports) and haproxy.
#   docker build -t desertion-monitor .                       the dashboard, with the shipped data baked in
#   docker compose up --build                                 N replicas behind HAProxy (compose.yaml, docs/deploy.md)

FROM debian:12-slim AS balancer
RUN apt-get update \
 && apt-get install -y --no-install-recommends haproxy \
 && rm -rf /var/lib/apt/lists/*
COPY deploy/haproxy.cfg /etc/haproxy/haproxy.cfg
RUN haproxy -c -f /etc/haproxy/haproxy.cfg
USER haproxy
EXPOSE 8080
CMD ["haproxy", "-db", "-f", "/etc/haproxy/haproxy.cfg"]

FROM debian:12-slim AS dashboard
ENV DEBIAN_FRONTEND=noninteractive \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BROWSER_PATH=/usr/bin/chromium \
    HOME=/tmp \
    DESERTION_DATA_DIR=/app/data
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv chromium fonts-liberation \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin dashboard
WORKDIR /app
COPY requirements.txt .
RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir -r requirements.txt
# Code and data owned by root, readable by the dashboard user: the running process cannot change them.
COPY .streamlit ./.streamlit
COPY dashboard.py ./
COPY desertion ./desertion
COPY pages ./pages
COPY data ./data
COPY locales ./locales
# The message catalogues compiled now, into build/ (root's, read-only at run time like the code).
RUN /opt/venv/bin/python -c "from desertion import i18n; i18n.compile_all()" \
 && /opt/venv/bin/python -m desertion check data
USER dashboard
EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["/opt/venv/bin/python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2)"]
CMD ["/opt/venv/bin/python", "-m", "streamlit", "run", "dashboard.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
