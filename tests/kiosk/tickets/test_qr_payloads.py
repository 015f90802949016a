from kiosk.tickets.qr_payloads import navigation_payload


def test_every_demo_institution_gets_a_printable_navigation_link():
    from contract.demo import load_demo_content
    from kiosk.tickets.qr import fits

    placed = [i for i in load_demo_content()["institutions"] if (i["lat"], i["lng"]) != (0, 0)]
    # The longest names and addresses are the hard cases; checking all 165 takes half a minute.
    placed.sort(key=lambda i: len(i["name"]) + len(i["address"]), reverse=True)
    for institution in placed[:8]:
        for app in ("amap", "baidu"):
            link = navigation_payload(institution, app=app)
            assert fits(link), (institution["id"], app, len(link))
            assert f"{institution['lat']:.6f}" in link  # demo data is gcj02: no conversion
