'use strict';
// The dashboard: it reads only the query API, with the token the user pastes, so it works on
// every deployment. Amounts arrive as decimal strings of whole đồng and are summed as BigInt.
(function () {
  const texts = {
    vi: {
      title: 'Tiến độ giải ngân các chương trình mục tiêu quốc gia',
      planYear: 'Năm kế hoạch',
      tokenLabel: 'Mã truy cập (token)',
      remember: 'Ghi nhớ trên máy này',
      signIn: 'Đăng nhập',
      signOut: 'Đăng xuất',
      plan: 'Kế hoạch vốn giao',
      allocated: 'Đã phân bổ chi tiết',
      disbursed: 'Đã giải ngân',
      carriedOver: 'Vốn năm trước chuyển sang',
      inTransit: 'Tiền đang chuyển',
      ratesTitle: 'Tỷ lệ theo chương trình và loại vốn',
      curveTitle: 'Giải ngân lũy kế theo tháng so với kế hoạch',
      childrenTitle: 'Đơn vị trực thuộc',
      laggingTitle: 'Đơn vị giải ngân chậm nhất',
      tableAlternative: 'Bảng số liệu',
      billion: 'tỷ đồng',
      rateAllocation: 'Tỷ lệ phân bổ chi tiết',
      rateOfAssigned: 'Giải ngân so với kế hoạch giao',
      rateOfAllocated: 'Giải ngân so với kế hoạch đã phân bổ',
      line: 'Chương trình · loại vốn',
      month: 'Tháng',
      cumulative: 'Giải ngân lũy kế',
      unit: 'Đơn vị',
      ofAssigned: 'so với KH giao',
      ofAllocated: 'so với KH đã phân bổ',
      freshness: 'Số liệu đến sự kiện {position}; chậm {lag} sự kiện; cập nhật lúc {time}',
      live: 'đang theo dõi thay đổi',
      noToken: 'Dán mã truy cập để xem số liệu.',
      refused: 'Không đọc được số liệu: {message}',
      none: 'Không có số liệu',
      language: 'English',
      capital: { DTPT: 'ĐTPT', SN: 'SN' },
      nation: 'Toàn quốc',
    },
    en: {
      title: 'Disbursement progress of the national target programs',
      planYear: 'Plan year',
      tokenLabel: 'Access token',
      remember: 'Remember on this computer',
      signIn: 'Sign in',
      signOut: 'Sign out',
      plan: 'Plan assigned',
      allocated: 'Allocated in detail',
      disbursed: 'Disbursed',
      carriedOver: 'Carried over from earlier years',
      inTransit: 'Money in transit',
      ratesTitle: 'Rates by program and capital type',
      curveTitle: 'Cumulative disbursement by month against plan',
      childrenTitle: 'Units below',
      laggingTitle: 'Slowest units',
      tableAlternative: 'Data table',
      billion: 'billion VND',
      rateAllocation: 'Detailed allocation rate',
      rateOfAssigned: 'Disbursed vs assigned plan',
      rateOfAllocated: 'Disbursed vs allocated plan',
      line: 'Program · capital type',
      month: 'Month',
      cumulative: 'Cumulative disbursement',
      unit: 'Unit',
      ofAssigned: 'of assigned plan',
      ofAllocated: 'of allocated plan',
      freshness: 'Figures as of event {position}; {lag} events behind; updated at {time}',
      live: 'following changes',
      noToken: 'Paste an access token to see the figures.',
      refused: 'The figures could not be read: {message}',
      none: 'No figures',
      language: 'Tiếng Việt',
      capital: { DTPT: 'Investment', SN: 'Recurrent' },
      nation: 'Whole country',
    },
  };
  const locales = { vi: 'vi-VN', en: 'en-GB' };
  const tokenKey = 'program-ledger.token';
  const levelOrder = ['nation', 'province', 'district', 'commune'];
  /** Enough for the units under any one: a province has at most some hundreds of communes. */
  const childrenPageSize = 1000;

  const state = { language: 'vi', path: ['VN'], planYear: new Date().getFullYear(), token: '', data: null, feed: null, refreshTimer: null, charts: {} };

  const byId = (id) => document.getElementById(id);
  const t = (key) => texts[state.language][key];
  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_all, name) => String(values[name]));

  /** Whole đồng (a decimal string) in billions with one decimal, in the page's language: 2.104,9 tỷ đồng. */
  function billions(vnd) {
    if (vnd === null || vnd === undefined) return '—';
    const value = BigInt(vnd);
    const negative = value < 0n;
    const magnitude = negative ? -value : value;
    const tenths = (magnitude + 50000000n) / 100000000n;
    const number = Number(tenths) / 10;
    const text = new Intl.NumberFormat(locales[state.language], { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(negative ? -number : number);
    return text + ' ' + t('billion');
  }
  /** A rate written "38.00" by the API, in the page's language: 38,00%. */
  function percent(rate) {
    if (rate === null || rate === undefined) return '—';
    return new Intl.NumberFormat(locales[state.language], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(rate)) + '%';
  }
  const billionNumber = (vnd) => Number((BigInt(vnd) + 50000000n) / 100000000n) / 10;
  const monthLabel = (month) => month;

  async function api(path) {
    const response = await fetch(path, { headers: { Authorization: 'Bearer ' + state.token, Accept: 'application/json' } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.message || response.status + ' ' + response.statusText);
    return body;
  }

  function readLocation() {
    const params = new URLSearchParams(location.hash.slice(1));
    // The path drilled down, from the nation: a unit is named by its version id (11, 11@2025), and its parent's list holds it.
    if (params.get('path')) state.path = params.get('path').split(',').filter(Boolean);
    if (state.path[0] !== 'VN') state.path = ['VN'];
    if (params.get('year') && /^\d{4}$/.test(params.get('year'))) state.planYear = Number(params.get('year'));
    if (params.get('lang') === 'en' || params.get('lang') === 'vi') state.language = params.get('lang');
  }
  function writeLocation() {
    const hash = '#path=' + state.path.map(encodeURIComponent).join(',') + '&year=' + state.planYear + '&lang=' + state.language;
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }

  function applyTexts() {
    document.documentElement.lang = state.language;
    for (const element of document.querySelectorAll('[data-text]')) element.textContent = t(element.dataset.text);
    const button = byId('language');
    button.textContent = t('language');
    button.lang = state.language === 'vi' ? 'en' : 'vi';
  }

  function cell(row, text, options) {
    const element = document.createElement(options && options.header ? 'th' : 'td');
    if (options && options.number) element.className = 'number';
    if (options && options.vnd !== undefined) element.dataset.vnd = options.vnd === null ? '' : options.vnd;
    if (options && options.rate !== undefined) element.dataset.rate = options.rate === null ? '' : options.rate;
    if (text instanceof Node) element.appendChild(text);
    else element.textContent = text;
    row.appendChild(element);
    return element;
  }
  function table(element, headings, rows) {
    element.replaceChildren();
    const head = element.createTHead().insertRow();
    headings.forEach((heading, index) => cell(head, heading, { header: true, number: index > 0 }));
    const body = element.createTBody();
    for (const cells of rows) {
      const row = body.insertRow();
      for (const entry of cells) cell(row, entry.text, entry);
    }
  }

  function lineName(row) {
    return row.programCode + ' · ' + (t('capital')[row.capitalType] || row.capitalType);
  }

  /** Current-year rows of the locality itself, per program and capital type. */
  function linesOf(self) {
    return self.rows.filter((row) => row.capital === 'current-year').map((row) => ({ name: lineName(row), figures: row.figures }));
  }

  function render() {
    const data = state.data;
    if (!data) return;
    applyTexts();
    const total = data.self.total;
    byId('locality-name').textContent = data.locality.localityId === 'VN' ? t('nation') : data.locality.name;
    const kpi = (id, vnd) => {
      const element = byId(id);
      element.textContent = billions(vnd);
      element.dataset.vnd = vnd;
    };
    kpi('kpi-plan', total.currentYear.planVnd);
    kpi('kpi-allocated', total.currentYear.detailedAllocatedVnd);
    kpi('kpi-disbursed', total.currentYear.disbursedVnd);
    kpi('kpi-carried', total.carriedOver.disbursedVnd);
    kpi('kpi-transit', total.currentYear.inTransitInVnd);
    const rates = byId('kpi-rates');
    rates.textContent = percent(total.currentYear.disbursementRateOfAssignedPlanPercent) + ' ' + t('ofAssigned') + ' · ' + percent(total.currentYear.disbursementRateOfAllocatedPlanPercent) + ' ' + t('ofAllocated');
    rates.dataset.rate = total.currentYear.disbursementRateOfAssignedPlanPercent || '';
    byId('freshness').textContent = fill(t('freshness'), { position: data.position, lag: data.lagEvents, time: data.readAt.toLocaleTimeString(locales[state.language]) }) + (state.feed ? ' · ' + t('live') : '');
    renderBreadcrumb();
    renderRates();
    renderCurve();
    renderChildren();
  }

  function renderBreadcrumb() {
    const nav = byId('breadcrumb');
    nav.replaceChildren();
    state.data.path.forEach((unit, index) => {
      const last = index === state.data.path.length - 1;
      const name = unit.localityId === 'VN' ? t('nation') : unit.name;
      if (last) {
        const span = document.createElement('span');
        span.textContent = name;
        span.setAttribute('aria-current', 'page');
        nav.appendChild(span);
      } else {
        const link = document.createElement('a');
        const path = state.path.slice(0, index + 1);
        link.href = '#path=' + path.map(encodeURIComponent).join(',') + '&year=' + state.planYear + '&lang=' + state.language;
        link.textContent = name;
        link.addEventListener('click', (event) => {
          event.preventDefault();
          void go(path);
        });
        nav.appendChild(link);
      }
    });
  }

  function renderRates() {
    const lines = linesOf(state.data.self);
    const series = [
      ['rateAllocation', 'detailedAllocationRatePercent'],
      ['rateOfAssigned', 'disbursementRateOfAssignedPlanPercent'],
      ['rateOfAllocated', 'disbursementRateOfAllocatedPlanPercent'],
    ];
    chart('rates-chart').setOption(
      {
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: (value) => (value === null || value === undefined ? '—' : percent(String(value))) },
        legend: { top: 0 },
        grid: { top: 40, left: 50, right: 20, bottom: 40 },
        xAxis: { type: 'category', data: lines.map((line) => line.name) },
        yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        series: series.map(([key, field]) => ({ name: t(key), type: 'bar', data: lines.map((line) => (line.figures[field] === null ? null : Number(line.figures[field]))) })),
      },
      true,
    );
    table(
      byId('rates-table'),
      [t('line'), t('plan'), t('allocated'), t('disbursed'), t('rateAllocation'), t('rateOfAssigned'), t('rateOfAllocated')],
      lines.map((line) => [
        { text: line.name },
        { text: billions(line.figures.planVnd), number: true, vnd: line.figures.planVnd },
        { text: billions(line.figures.detailedAllocatedVnd), number: true, vnd: line.figures.detailedAllocatedVnd },
        { text: billions(line.figures.disbursedVnd), number: true, vnd: line.figures.disbursedVnd },
        { text: percent(line.figures.detailedAllocationRatePercent), number: true, rate: line.figures.detailedAllocationRatePercent },
        { text: percent(line.figures.disbursementRateOfAssignedPlanPercent), number: true, rate: line.figures.disbursementRateOfAssignedPlanPercent },
        { text: percent(line.figures.disbursementRateOfAllocatedPlanPercent), number: true, rate: line.figures.disbursementRateOfAllocatedPlanPercent },
      ]),
    );
  }

  function renderCurve() {
    const months = state.data.curve.months;
    chart('curve-chart').setOption(
      {
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: (value) => new Intl.NumberFormat(locales[state.language], { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value) + ' ' + t('billion') },
        legend: { top: 0 },
        grid: { top: 40, left: 70, right: 20, bottom: 40 },
        xAxis: { type: 'category', data: months.map((month) => monthLabel(month.month)) },
        yAxis: { type: 'value', axisLabel: { formatter: (value) => new Intl.NumberFormat(locales[state.language]).format(value) } },
        series: [
          { name: t('plan'), type: 'line', step: 'end', data: months.map((month) => billionNumber(month.planVnd)) },
          { name: t('cumulative'), type: 'line', areaStyle: {}, data: months.map((month) => billionNumber(month.cumulativeDisbursedVnd)) },
        ],
      },
      true,
    );
    table(
      byId('curve-table'),
      [t('month'), t('plan'), t('disbursed'), t('cumulative'), t('rateOfAssigned')],
      months.map((month) => [
        { text: monthLabel(month.month) },
        { text: billions(month.planVnd), number: true, vnd: month.planVnd },
        { text: billions(month.disbursedVnd), number: true, vnd: month.disbursedVnd },
        { text: billions(month.cumulativeDisbursedVnd), number: true, vnd: month.cumulativeDisbursedVnd },
        { text: percent(month.disbursementRateOfAssignedPlanPercent), number: true, rate: month.disbursementRateOfAssignedPlanPercent },
      ]),
    );
  }

  function renderChildren() {
    const children = state.data.children ? state.data.children.localities : [];
    // A unit with nothing below it (a commune) has no table of units or slowest list.
    byId('children-panel').hidden = state.data.children === null;
    byId('lagging-panel').hidden = state.data.children === null;
    const element = byId('children-table');
    table(
      element,
      [t('unit'), t('plan'), t('disbursed'), t('rateOfAssigned'), t('carriedOver'), t('inTransit')],
      children.map((entry) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'link';
        button.textContent = entry.locality.name;
        button.dataset.localityId = entry.locality.localityId;
        button.addEventListener('click', () => void go([...state.path, entry.locality.localityId]));
        return [
          { text: button },
          { text: billions(entry.currentYear.planVnd), number: true, vnd: entry.currentYear.planVnd },
          { text: billions(entry.currentYear.disbursedVnd), number: true, vnd: entry.currentYear.disbursedVnd },
          { text: percent(entry.currentYear.disbursementRateOfAssignedPlanPercent), number: true, rate: entry.currentYear.disbursementRateOfAssignedPlanPercent },
          { text: billions(entry.carriedOver.disbursedVnd), number: true, vnd: entry.carriedOver.disbursedVnd },
          { text: billions(entry.currentYear.inTransitInVnd), number: true, vnd: entry.currentYear.inTransitInVnd },
        ];
      }),
    );
    const lagging = byId('lagging-list');
    lagging.replaceChildren();
    const ranked = children
      .filter((entry) => entry.combined.disbursementRateOfAssignedPlanPercent !== null)
      .sort((a, b) => Number(a.combined.disbursementRateOfAssignedPlanPercent) - Number(b.combined.disbursementRateOfAssignedPlanPercent))
      .slice(0, 5);
    for (const entry of ranked) {
      const item = document.createElement('li');
      item.textContent = entry.locality.name + ': ' + percent(entry.combined.disbursementRateOfAssignedPlanPercent) + ' ' + t('ofAssigned');
      item.dataset.localityId = entry.locality.localityId;
      item.dataset.rate = entry.combined.disbursementRateOfAssignedPlanPercent;
      lagging.appendChild(item);
    }
    if (ranked.length === 0) {
      const item = document.createElement('li');
      item.textContent = t('none');
      lagging.appendChild(item);
    }
  }

  function chart(id) {
    if (!state.charts[id]) state.charts[id] = window.echarts.init(byId(id), null, { renderer: 'canvas' });
    return state.charts[id];
  }

  /** The units directly under one, from the registry (kept: they do not change while the page is open). */
  const childrenCache = new Map();
  async function childrenOf(localityId) {
    if (!childrenCache.has(localityId)) {
      const page = await api('/v1/localities?parentId=' + encodeURIComponent(localityId) + '&limit=' + childrenPageSize);
      childrenCache.set(localityId, page.localities);
    }
    return childrenCache.get(localityId);
  }

  /** The path's units, each found in its parent's list; a path that no longer fits stops where it breaks. */
  async function unitsOf(path) {
    const units = [{ localityId: 'VN', name: t('nation'), level: 'nation' }];
    for (let index = 1; index < path.length && index <= levelOrder.length; index += 1) {
      const unit = (await childrenOf(path[index - 1])).find((child) => child.localityId === path[index]);
      if (!unit) break;
      units.push(unit);
    }
    return units;
  }

  async function load(minPosition) {
    const wait = minPosition ? '&minPosition=' + encodeURIComponent(minPosition) : '';
    const path = await unitsOf(state.path);
    state.path = path.map((unit) => unit.localityId);
    const locality = path[path.length - 1];
    const children = await childrenOf(locality.localityId);
    const childLevel = children.length > 0 ? children[0].level : null;
    const base = '/v1/reports/progress?planYear=' + state.planYear + '&underLocalityId=' + encodeURIComponent(locality.localityId);
    const [self, below, curve] = await Promise.all([
      api(base + '&level=' + locality.level + wait),
      childLevel ? api(base + '&level=' + childLevel + wait) : Promise.resolve(null),
      api('/v1/reports/monthly-progress?localityId=' + encodeURIComponent(locality.localityId) + '&planYear=' + state.planYear + wait),
    ]);
    state.data = { locality, path, self, children: below, curve, position: self.position, lagEvents: '…', readAt: new Date() };
    byId('content').hidden = false;
    byId('sign-in-message').textContent = '';
    render();
    document.body.dataset.loadedPosition = self.position;
    document.body.dataset.localityId = locality.localityId;
    // The lag comes from the readiness probe, which counts events and takes longer than the figures: it follows them.
    const shown = state.data;
    const ready = await fetch('/health/ready').then((response) => response.json()).catch(() => ({}));
    const readiness = (ready.info && ready.info.readModels) || (ready.details && ready.details.readModels) || {};
    if (state.data === shown) {
      shown.lagEvents = readiness['balances.lagEvents'] ?? '?';
      render();
    }
  }

  async function go(path) {
    state.path = path;
    writeLocation();
    await refresh();
    follow();
  }

  async function refresh(minPosition) {
    if (!state.token) {
      byId('sign-in-message').textContent = t('noToken');
      return;
    }
    try {
      await load(minPosition);
    } catch (error) {
      byId('sign-in-message').textContent = fill(t('refused'), { message: error.message });
    }
  }

  /**
   * Follows the feed for the locality shown: a fetch-based reader, since an EventSource cannot send
   * the token. A change refreshes the figures (once per burst), asking for the change's position
   * so the answer includes it; a dropped connection resumes from the last event id.
   */
  function follow() {
    if (state.feed) state.feed.abort();
    if (!state.token) return;
    const controller = new AbortController();
    state.feed = controller;
    let lastEventId = null;
    const run = async () => {
      while (!controller.signal.aborted) {
        try {
          const headers = { Authorization: 'Bearer ' + state.token, Accept: 'text/event-stream' };
          if (lastEventId) headers['Last-Event-ID'] = lastEventId;
          const response = await fetch('/v1/feed?localityId=' + encodeURIComponent(state.path[state.path.length - 1]), { headers, signal: controller.signal });
          if (!response.ok || !response.body) throw new Error(String(response.status));
          const reader = response.body.getReader();
          const decoder = new TextDecoder();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true });
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              let id = null;
              let type = 'message';
              for (const line of block.split('\n')) {
                if (line.startsWith('id:')) id = line.slice(3).trim();
                else if (line.startsWith('event:')) type = line.slice(6).trim();
              }
              if (id) lastEventId = id;
              if (type === 'balance' && id) scheduleRefresh(id);
            }
          }
        } catch (error) {
          if (controller.signal.aborted) return;
        }
        // Reconnect after a pause, from the last event received.
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
    };
    void run();
  }

  function scheduleRefresh(position) {
    clearTimeout(state.refreshTimer);
    state.refreshTimer = setTimeout(() => void refresh(position), 500);
  }

  function start() {
    readLocation();
    state.token = sessionStorage.getItem(tokenKey) || localStorage.getItem(tokenKey) || '';
    const years = byId('plan-year');
    for (let year = 2021; year <= 2035; year += 1) {
      const option = document.createElement('option');
      option.value = String(year);
      option.textContent = String(year);
      years.appendChild(option);
    }
    years.value = String(state.planYear);
    years.addEventListener('change', () => {
      state.planYear = Number(years.value);
      writeLocation();
      void refresh();
    });
    byId('save-token').addEventListener('click', () => {
      state.token = byId('token').value.trim();
      byId('token').value = '';
      sessionStorage.setItem(tokenKey, state.token);
      if (byId('remember').checked) localStorage.setItem(tokenKey, state.token);
      void go(state.path);
    });
    byId('forget-token').addEventListener('click', () => {
      state.token = '';
      sessionStorage.removeItem(tokenKey);
      localStorage.removeItem(tokenKey);
      if (state.feed) state.feed.abort();
      state.feed = null;
      byId('content').hidden = true;
    });
    byId('language').addEventListener('click', () => {
      state.language = state.language === 'vi' ? 'en' : 'vi';
      writeLocation();
      applyTexts();
      render();
    });
    window.addEventListener('resize', () => Object.values(state.charts).forEach((instance) => instance.resize()));
    applyTexts();
    writeLocation();
    if (state.token) void go(state.path);
    else byId('sign-in-message').textContent = t('noToken');
  }

  start();
})();
