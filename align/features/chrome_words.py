"""Page-widget words beyond English and Chinese (align.features.chrome reads these).

The usual widgets of news and institutional sites in the languages with
sentence rules of their own, written as a line would show them, lower case.
A line is chrome only when it is exactly one of these (or starts with a prefix
and is short), so a sentence that happens to contain the words is never taken.
"""

from __future__ import annotations

PHRASES = {
    "de": """nach oben | zurück nach oben | zum seitenanfang | zurück zum seitenanfang | seitenanfang | teilen | drucken |
        kommentare | kommentieren | weiterlesen | mehr lesen | mehr | verwandte artikel |
        ähnliche artikel | das könnte sie auch interessieren | auch interessant | empfohlen |
        anmelden | abmelden | registrieren | suche | suchen | startseite | menü | zurück | weiter |
        vorheriger artikel | nächster artikel | alle rechte vorbehalten | schlagwörter | sprache |
        newsletter abonnieren | abonnieren | werbung | anzeige | zum inhalt springen""",
    "fr": """haut de page | retour en haut | retour en haut de page | partager | imprimer |
        commentaires | commenter | lire la suite | lire aussi | à lire aussi | en savoir plus | plus |
        articles similaires | articles liés | vous aimerez aussi | vous aimerez peut-être aussi |
        recommandé | se connecter | connexion | s'inscrire | rechercher | recherche | accueil |
        menu | précédent | suivant | article précédent | article suivant | tous droits réservés |
        mots-clés | langue | s'abonner | abonnez-vous | publicité | aller au contenu""",
    "es": """volver arriba | ir arriba | subir | compartir | imprimir | comentarios | comentar |
        leer más | seguir leyendo | más | artículos relacionados | noticias relacionadas |
        te puede interesar | también te puede interesar | recomendado | iniciar sesión |
        registrarse | buscar | inicio | menú | anterior | siguiente | artículo anterior |
        artículo siguiente | todos los derechos reservados | etiquetas | idioma | suscribirse |
        suscríbete | publicidad | ir al contenido""",
    "it": """torna su | torna all'inizio | condividi | stampa | commenti | leggi tutto | leggi anche |
        leggi di più | articoli correlati | potrebbe interessarti | accedi | registrati | cerca |
        home page | precedente | successivo | tutti i diritti riservati | tag | lingua | iscriviti |
        pubblicità""",
    "pt": """voltar ao topo | topo | compartilhar | partilhar | imprimir | comentários | leia mais |
        ler mais | saiba mais | artigos relacionados | notícias relacionadas | você também pode gostar |
        entrar | cadastre-se | pesquisar | buscar | início | página inicial | anterior | próximo |
        todos os direitos reservados | etiquetas | idioma | assine | publicidade""",
    "ru": """наверх | вернуться наверх | поделиться | печать | распечатать | комментарии |
        читать далее | читать дальше | подробнее | читайте также | похожие статьи | смотрите также |
        рекомендуем | войти | регистрация | поиск | главная | меню | назад | далее |
        предыдущая статья | следующая статья | все права защищены | теги | язык | подписаться |
        реклама""",
    "ja": """ページの先頭へ | ページトップへ | トップへ戻る | 先頭に戻る | 上へ戻る | 共有 | シェア |
        印刷 | コメント | 続きを読む | もっと見る | 関連記事 | おすすめ | ログイン | 検索 | ホーム |
        前へ | 次へ | 前の記事 | 次の記事 | 無断転載を禁じます | タグ | 言語 | 広告""",
    "ko": """맨 위로 | 위로 | 공유 | 공유하기 | 인쇄 | 댓글 | 더보기 | 관련 기사 | 추천 | 로그인 |
        검색 | 홈 | 이전 | 다음 | 이전 기사 | 다음 기사 | 무단 전재 및 재배포 금지 | 태그 | 언어 |
        구독 | 광고""",
    "ar": """العودة إلى الأعلى | إلى الأعلى | مشاركة | شارك | طباعة | تعليقات | اقرأ المزيد |
        اقرأ أيضا | مقالات ذات صلة | أخبار ذات صلة | قد يعجبك أيضا | تسجيل الدخول | بحث |
        الرئيسية | السابق | التالي | جميع الحقوق محفوظة | الوسوم | اللغة | اشترك | إعلان""",
}
"""Per language: whole lines that are widgets ("Nach oben", "Lire la suite", "ページの先頭へ")."""

RELATED = {
    "de": "verwandte artikel | ähnliche artikel | das könnte sie auch interessieren | auch interessant | mehr zum thema",
    "fr": "articles similaires | articles liés | vous aimerez aussi | vous aimerez peut-être aussi | à lire aussi | lire aussi",
    "es": "artículos relacionados | noticias relacionadas | te puede interesar | también te puede interesar",
    "it": "articoli correlati | potrebbe interessarti | leggi anche",
    "pt": "artigos relacionados | notícias relacionadas | você também pode gostar",
    "ru": "читайте также | похожие статьи | смотрите также",
    "ja": "関連記事 | おすすめ",
    "ko": "관련 기사 | 추천",
    "ar": "مقالات ذات صلة | أخبار ذات صلة | قد يعجبك أيضا | اقرأ أيضا",
}
"""Headings of a block of other articles' titles (align.boilerplate drops the titles after them)."""

PREFIXES = (
    "teilen auf ", "auf facebook teilen", "partager sur ", "compartir en ", "condividi su ",
    "compartilhar no ", "поделиться в ", "シェアする", "공유하기 ",
)
"""A short line starting so is a widget ("Partager sur Facebook")."""

LANGUAGE_NAMES = {
    "deutsch", "français", "español", "italiano", "português", "русский", "日本語", "한국어", "العربية",
    "nederlands", "polski", "türkçe", "svenska", "dansk", "norsk", "suomi", "čeština", "magyar",
    "ελληνικά", "עברית", "हिन्दी", "українська", "ไทย", "tiếng việt", "bahasa indonesia", "română",
}
"""Languages as a language menu names them, each in itself."""

MONTHS = (
    "januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember"
    "|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre"
    "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
    "|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
    "|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro"
    "|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
)
"""Month names of dates written `3. Oktober 2024`, `3 octobre 2024`, `3 de octubre de 2024`, `3 октября 2024 г.`."""


def _lines(text: str) -> set[str]:
    return {phrase.strip() for phrase in text.split("|") if phrase.strip()}


def all_phrases() -> set[str]:
    return set().union(*(_lines(text) for text in PHRASES.values()))


def all_related() -> set[str]:
    return set().union(*(_lines(text) for text in RELATED.values()))
