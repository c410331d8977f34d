"""Charts of the statistics: Vega-Lite specs made with Altair from SPARQL results.

``data`` reads the observations (queries/observations.rq, queries/chart-indicators.rq), ``specs`` groups
them into charts and writes their Vega-Lite specs, ``render`` turns a spec into JSON, SVG, PNG or a
self-contained HTML page, ``dashboard`` lays out a programme's dashboard and the comparison page.
"""
