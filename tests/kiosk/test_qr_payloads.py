

def test_every_demo_institution_gets_a_printable_navigation_link():
    from kiosk.demo import load_demo_content
    from kiosk.tickets.qr import fits

    placed = [i for i in load_demo_content()["institutions"] if (i["lat"], i["lng"]) != (0, 0)]
    for institution in placed:
        for app in ("amap", "baidu"):
            link = navigation_payload(institution, app=app)
            assert fits(link), (institution["id"], app, len(link))
            assert f"{institution['lat']:.2f}"[:4] in link
